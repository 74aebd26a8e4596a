using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Tool.Analysis;
using Advisor.Tool.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Advisor.Tool.Fixing;

/// <summary>
/// Applies Advisor's code fixes: one Fix All (solution scope) per fixer and equivalence key, re-analyzing after each
/// so positions are never stale, until nothing fixable is left or a round changes nothing. Writes changed files
/// unless it is a dry run.
/// </summary>
internal sealed class FixRunner
{
    private const int MaxRounds = 20;
    private readonly ReportBuilder _builder;
    private readonly Action<string> _progress;

    public FixRunner(ReportBuilder builder, Action<string> progress)
    {
        _builder = builder;
        _progress = progress;
    }

    public async Task<(Solution Solution, IReadOnlyList<ProjectDiagnostics> Analysis, FixSummary Summary)> RunAsync(
        string baseDirectory,
        Solution original, IReadOnlyList<ProjectId> projectIds, IReadOnlyList<ProjectDiagnostics> initial, bool dryRun, CancellationToken cancellationToken)
    {
        var solution = original;
        var analysis = initial;
        var fixableBefore = CountFixable(analysis);
        var errorsBefore = analysis.Sum(p => p.CompilerErrors);
        var tried = new HashSet<(string Fixer, string? Key)>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var next = await NextFixAsync(solution, analysis, tried, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                break;
            }

            var (fixer, key, ids) = next.Value;
            var pair = (fixer.GetType().FullName!, key);
            tried.Add(pair);
            var fixableNow = CountFixable(analysis);
            var fixedSolution = await ApplyFixAllAsync(solution, analysis, fixer, key, ids, cancellationToken).ConfigureAwait(false);
            if (fixedSolution is null || fixedSolution == solution)
            {
                continue;
            }

            _progress($"Applied {fixer.GetType().Name} ({key}); re-analyzing...");
            solution = fixedSolution;
            analysis = (await _builder.AnalyzeAsync(solution, projectIds, timing: false, cancellationToken).ConfigureAwait(false)).Projects;

            // Diagnostics a fixer declined stay; the same fix gets another round only when this one made progress.
            if (CountFixable(analysis) < fixableNow)
            {
                tried.Remove(pair);
            }
        }

        var files = await DiffAsync(baseDirectory, original, solution, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            foreach (var document in ChangedDocuments(original, solution))
            {
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(document.FilePath!, text, cancellationToken).ConfigureAwait(false);
            }
        }

        var summary = new FixSummary(dryRun, files, Math.Max(0, fixableBefore - CountFixable(analysis)), errorsBefore, analysis.Sum(p => p.CompilerErrors));
        return (solution, analysis, summary);
    }

    private static int CountFixable(IReadOnlyList<ProjectDiagnostics> analysis)
        => analysis.Sum(p => p.Diagnostics.Count(d => AdvisorRules.All.FixersFor(d.Id).Any()));

    /// <summary>The next fixer and equivalence key that has an action for some current diagnostic.</summary>
    private static async Task<(CodeFixProvider Fixer, string? Key, ImmutableArray<string> Ids)?> NextFixAsync(
        Solution solution, IReadOnlyList<ProjectDiagnostics> analysis, HashSet<(string, string?)> tried, CancellationToken cancellationToken)
    {
        foreach (var fixer in AdvisorRules.All.Fixers)
        {
            foreach (var project in analysis)
            {
                var current = solution.GetProject(project.Project.Id);
                if (current is null)
                {
                    continue;
                }

                foreach (var diagnostic in project.Diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)))
                {
                    var document = current.GetDocument(diagnostic.Location.SourceTree);
                    if (document is null)
                    {
                        continue;
                    }

                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken)).ConfigureAwait(false);
                    foreach (var action in actions)
                    {
                        if (!tried.Contains((fixer.GetType().FullName!, action.EquivalenceKey)))
                        {
                            return (fixer, action.EquivalenceKey, fixer.FixableDiagnosticIds);
                        }
                    }
                }
            }
        }

        return null;
    }

    private static async Task<Solution?> ApplyFixAllAsync(
        Solution solution, IReadOnlyList<ProjectDiagnostics> analysis, CodeFixProvider fixer, string? key, ImmutableArray<string> ids, CancellationToken cancellationToken)
    {
        var fixAll = fixer.GetFixAllProvider();
        var provider = new KnownDiagnostics(analysis);
        var firstProject = analysis.Select(p => solution.GetProject(p.Project.Id)).FirstOrDefault(p => p is not null);
        if (firstProject is null)
        {
            return null;
        }

        if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            var context = new FixAllContext(firstProject, fixer, FixAllScope.Solution, key, ids, provider, cancellationToken);
            var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
            return action is null ? null : await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
        }

        // No Fix All: apply the first matching action of one diagnostic; the caller re-analyzes and comes back.
        foreach (var project in analysis)
        {
            foreach (var diagnostic in project.Diagnostics.Where(d => ids.Contains(d.Id)))
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree);
                if (document is null)
                {
                    continue;
                }

                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken)).ConfigureAwait(false);
                if (actions.FirstOrDefault(a => a.EquivalenceKey == key) is { } action)
                {
                    return await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return null;
    }

    private static async Task<Solution?> ApplyAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }

    private static IEnumerable<Document> ChangedDocuments(Solution original, Solution changed)
        => changed.GetChanges(original).GetProjectChanges()
            .SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Select(id => changed.GetDocument(id)!))
            .Where(d => d.FilePath is not null);

    private static async Task<IReadOnlyList<FileChange>> DiffAsync(string baseDirectory, Solution original, Solution changed, CancellationToken cancellationToken)
    {
        var files = new List<FileChange>();
        foreach (var document in ChangedDocuments(original, changed))
        {
            var before = await original.GetDocument(document.Id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var after = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            files.Add(LineDiff.Compute(ReportBuilder.Relative(baseDirectory, document.FilePath!), before, after));
        }

        return files.OrderBy(f => f.FilePath, StringComparer.Ordinal).ToList();
    }

    private static async Task WriteAsync(string path, SourceText text, CancellationToken cancellationToken)
    {
        var bytes = File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : Array.Empty<byte>();
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        Encoding encoding = text.Encoding is { WebName: not "utf-8" } other ? other : new UTF8Encoding(hasBom);
        await File.WriteAllTextAsync(path, text.ToString(), encoding, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives Fix All the diagnostics of the last analysis.</summary>
    private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly IReadOnlyList<ProjectDiagnostics> _analysis;

        public KnownDiagnostics(IReadOnlyList<ProjectDiagnostics> analysis) => _analysis = analysis;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(_analysis.Where(p => p.Project.Id == document.Project.Id)
                .SelectMany(p => p.Diagnostics)
                .Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(_analysis.Where(p => p.Project.Id == project.Id).SelectMany(p => p.Diagnostics));
    }
}

/// <summary>A line-level diff of one file (common prefix and suffix trimmed, LCS in between), grouped in hunks.</summary>
internal static class LineDiff
{
    private const long MaxCells = 4_000_000;

    public static FileChange Compute(string path, SourceText before, SourceText after)
    {
        var oldLines = before.Lines.Select(l => l.ToString()).ToArray();
        var newLines = after.Lines.Select(l => l.ToString()).ToArray();
        var prefix = 0;
        while (prefix < oldLines.Length && prefix < newLines.Length && oldLines[prefix] == newLines[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < oldLines.Length - prefix && suffix < newLines.Length - prefix
            && oldLines[oldLines.Length - 1 - suffix] == newLines[newLines.Length - 1 - suffix])
        {
            suffix++;
        }

        var oldMiddle = oldLines[prefix..(oldLines.Length - suffix)];
        var newMiddle = newLines[prefix..(newLines.Length - suffix)];
        var edits = (long)oldMiddle.Length * newMiddle.Length <= MaxCells ? Lcs(oldMiddle, newMiddle) : Replace(oldMiddle, newMiddle);

        var lines = new List<string>();
        var removed = 0;
        var added = 0;
        var oldLine = prefix;
        var inHunk = false;
        foreach (var (kind, text) in edits)
        {
            switch (kind)
            {
                case ' ':
                    inHunk = false;
                    oldLine++;
                    break;
                case '-':
                    if (!inHunk)
                    {
                        lines.Add(FormattableString.Invariant($"@@ line {oldLine + 1}"));
                        inHunk = true;
                    }

                    lines.Add("- " + text);
                    removed++;
                    oldLine++;
                    break;
                default:
                    if (!inHunk)
                    {
                        lines.Add(FormattableString.Invariant($"@@ line {oldLine + 1}"));
                        inHunk = true;
                    }

                    lines.Add("+ " + text);
                    added++;
                    break;
            }
        }

        return new FileChange(path, removed, added, lines);
    }

    private static List<(char Kind, string Text)> Replace(string[] oldLines, string[] newLines)
        => oldLines.Select(l => ('-', l)).Concat(newLines.Select(l => ('+', l))).ToList();

    private static List<(char Kind, string Text)> Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        var edits = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', a[x++]));
                y++;
            }
            else if (y == b.Length || (x < a.Length && table[x + 1, y] >= table[x, y + 1]))
            {
                // Removals first, so "- old" precedes "+ new" in a hunk.
                edits.Add(('-', a[x++]));
            }
            else
            {
                edits.Add(('+', b[y++]));
            }
        }

        return edits;
    }
}
