using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Advisor.Analyzers.Tests.Robustness;

/// <summary>
/// Every Advisor code fix, single and Fix All, on every diagnostic it can fix in damaged sources: a fixer that throws
/// shows an error bar in the IDE instead of its light bulb.
/// </summary>
public sealed class CodeFixRobustnessTests
{
    private const int MaxDiagnosticsPerFixer = 4;

    [Theory]
    [MemberData(nameof(RobustnessHarness.SourceNames), MemberType = typeof(RobustnessHarness))]
    public async Task No_code_fix_throws_on_damaged_source(string name)
    {
        using var workspace = new AdhocWorkspace();
        var failures = new List<string>();
        var fixesRun = 0;
        // One project per source; each variant replaces the document's text, so the workspace derives every variant's
        // compilation from the previous one (references bound once).
        var original = CreateDocument(workspace, name);
        foreach (var variant in RobustnessHarness.Variants(name, RobustnessHarness.VariantCount(8)))
        {
            var document = original.WithText(SourceText.From(variant.Text));
            var compilation = (await document.Project.GetCompilationAsync())!;
            var tree = (await document.GetSyntaxTreeAsync())!;
            var (diagnostics, thrown) = await RobustnessHarness.AnalyzeAsync(compilation);
            failures.AddRange(thrown.Select(f => $"{variant}: {f}"));
            var inDocument = diagnostics.Where(d => d.Location.SourceTree == tree).ToImmutableArray();

            foreach (var fixer in RobustnessHarness.CodeFixes)
            {
                var fixable = inDocument.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
                var equivalenceKeys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var diagnostic in fixable.Take(MaxDiagnosticsPerFixer))
                {
                    try
                    {
                        foreach (var action in await RegisterAsync(fixer, document, diagnostic))
                        {
                            fixesRun++;
                            await ApplyAsync(action);
                            if (action.EquivalenceKey is { } key)
                            {
                                equivalenceKeys.Add(key);
                            }
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failures.Add($"{variant}: {fixer.GetType().Name} on {diagnostic}: {e}");
                    }
                }

                var fixAll = fixer.GetFixAllProvider();
                foreach (var key in equivalenceKeys)
                {
                    try
                    {
                        var context = new FixAllContext(document, fixer, FixAllScope.Document, key, fixer.FixableDiagnosticIds, new FixedDiagnostics(fixable), CancellationToken.None);
                        if (fixAll is not null && await fixAll.GetFixAsync(context) is { } action)
                        {
                            fixesRun++;
                            await ApplyAsync(action);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failures.Add($"{variant}: {fixer.GetType().Name} Fix All ({key}): {e}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
        if (name.StartsWith("Corpus/OrdersController", StringComparison.Ordinal))
        {
            // The corpus has ADV2001 findings in every syntax form, so at least that fixer must have run here.
            Assert.True(fixesRun > 0, "no code fix ran on " + name);
        }
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string name)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Robustness",
            "Robustness",
            LanguageNames.CSharp,
            compilationOptions: new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                RobustnessHarness.OutputKindOf(name),
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: RobustnessHarness.ParseOptions,
            metadataReferences: RobustnessHarness.References));
        foreach (var sibling in RobustnessHarness.Siblings(name))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(sibling.FilePath), sibling.GetText(), filePath: sibling.FilePath);
        }

        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, Path.GetFileName(name), SourceText.From(RobustnessHarness.Sources[name]), filePath: "/src/" + name);
        return solution.GetDocument(documentId)!;
    }

    private static async Task<List<CodeAction>> RegisterAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        return actions;
    }

    /// <summary>Computes the action's edits and reads every changed document, as the IDE does for its preview.</summary>
    private static async Task ApplyAsync(CodeAction action)
    {
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is ApplyChangesOperation apply)
            {
                foreach (var changed in apply.ChangedSolution.Projects.SelectMany(p => p.Documents))
                {
                    _ = await changed.GetSyntaxRootAsync();
                }
            }
        }
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }
}
