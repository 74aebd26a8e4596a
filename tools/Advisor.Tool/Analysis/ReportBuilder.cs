using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Tool.EntryPoints;
using Advisor.Tool.Loading;
using Advisor.Tool.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Tool.Analysis;

/// <summary>The diagnostics of one project with the compilation they came from.</summary>
internal sealed record ProjectDiagnostics(Project Project, Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, int CompilerErrors, string? FirstCompilerError);

/// <summary>Runs the analyzers over every project of a loaded target and turns the diagnostics into the report.</summary>
internal sealed class ReportBuilder
{
    private readonly AdvisorOptions _options;
    private readonly Action<string> _progress;
    private readonly IEntryPointSource _entryPoints;

    public ReportBuilder(AdvisorOptions options, Action<string> progress, IEntryPointSource? entryPoints = null)
    {
        _options = options;
        _progress = progress;
        _entryPoints = entryPoints ?? EntryPointSources.Default;
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers => AdvisorRules.All.Select(_options.Rules);

    /// <summary>Analyzes every C# project of <paramref name="solution"/>.</summary>
    public async Task<(IReadOnlyList<ProjectDiagnostics> Projects, IReadOnlyList<AnalyzerTiming> Timings)> AnalyzeAsync(
        Solution solution, IReadOnlyList<ProjectId> projectIds, bool timing, CancellationToken cancellationToken)
    {
        var analyzers = Analyzers;
        var results = new List<ProjectDiagnostics>();
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var index = 0;
        foreach (var projectId in projectIds)
        {
            var project = solution.GetProject(projectId)!;
            index++;
            _progress($"Analyzing {project.Name} ({index}/{projectIds.Count}, {project.DocumentIds.Count} files)...");
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (analyzers.IsEmpty)
            {
                results.Add(new ProjectDiagnostics(project, compilation, ImmutableArray<Diagnostic>.Empty, errors.Count, errors.FirstOrDefault()?.ToString()));
                continue;
            }

            var analyzerExceptions = new ConcurrentBag<string>();
            var withAnalyzers = compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(
                    project.AnalyzerOptions,
                    onAnalyzerException: (ex, analyzer, _) => analyzerExceptions.Add($"{analyzer.GetType().Name} threw {ex.GetType().Name}: {ex.Message}"),
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: timing,
                    reportSuppressedDiagnostics: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var failure in analyzerExceptions.Distinct(StringComparer.Ordinal))
            {
                _progress("warning: " + failure);
            }

            if (timing)
            {
                foreach (var analyzer in analyzers)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                    var name = analyzer.GetType().Name;
                    times[name] = times.GetValueOrDefault(name) + telemetry.ExecutionTime;
                }
            }

            var kept = diagnostics
                .Where(d => d.Id.StartsWith("ADV", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden && d.Location.IsInSource)
                .Where(d => _options.Rules.Count == 0 || _options.Rules.Contains(d.Id, StringComparer.OrdinalIgnoreCase))
                .ToImmutableArray();
            results.Add(new ProjectDiagnostics(project, compilation, kept, errors.Count, errors.FirstOrDefault()?.ToString()));
        }

        var timings = times.OrderByDescending(t => t.Value).Select(t => new AnalyzerTiming(t.Key, t.Value)).ToList();
        return (results, timings);
    }

    /// <summary>Builds the report from analyzed projects.</summary>
    public async Task<AdvisorReport> BuildAsync(
        LoadedTarget target, IReadOnlyList<ProjectDiagnostics> projects, IReadOnlyList<AnalyzerTiming> timings, TimeSpan loadTime, TimeSpan analysisTime, CancellationToken cancellationToken)
    {
        var baseDirectory = target.BaseDirectory;
        var rules = Analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => (Descriptor: d, Analyzer: a.GetType().Name)))
            .Where(x => x.Descriptor.Id.StartsWith("ADV", StringComparison.Ordinal))
            .Where(x => _options.Rules.Count == 0 || _options.Rules.Contains(x.Descriptor.Id, StringComparer.OrdinalIgnoreCase))
            .GroupBy(x => x.Descriptor.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(x => x.Descriptor.Id, StringComparer.Ordinal)
            .Select(x => new RuleInfo(
                x.Descriptor.Id,
                x.Descriptor.Title.ToString(CultureInfo.InvariantCulture),
                x.Descriptor.Category,
                ToSeverity(x.Descriptor.DefaultSeverity),
                x.Descriptor.Description.ToString(CultureInfo.InvariantCulture),
                string.IsNullOrEmpty(x.Descriptor.HelpLinkUri) ? null : x.Descriptor.HelpLinkUri,
                x.Analyzer))
            .ToList();
        var ruleIds = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var guardStatusKnown = ruleIds.Contains("ADV4001");

        var warnings = new List<string>(target.Warnings);
        var allFindings = new List<Finding>();
        var outside = new List<Finding>();
        var entryReports = new List<EntryPointReport>();
        foreach (var project in projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (project.CompilerErrors > 0)
            {
                warnings.Add($"{project.Project.Name}: {project.CompilerErrors} compiler error(s), findings may be incomplete (first: {project.FirstCompilerError})");
            }

            var findings = new List<(Diagnostic Diagnostic, Finding Finding)>();
            foreach (var diagnostic in project.Diagnostics)
            {
                var fixTitle = await FixTitleAsync(project.Project, diagnostic, cancellationToken).ConfigureAwait(false);
                findings.Add((diagnostic, ToFinding(diagnostic, project.Project.Name, baseDirectory) with { FixTitle = fixTitle }));
            }

            allFindings.AddRange(findings.Select(f => f.Finding));
            var reach = new EntryPointReach(project.Compilation);
            var covered = new HashSet<Finding>();
            foreach (var entry in _entryPoints.Find(project.Compilation, cancellationToken).OrderBy(e => e.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(e => e.Location.SourceSpan.Start))
            {
                var reached = reach.Compute(entry, cancellationToken);
                var entryFindings = findings.Where(f => reached.Contains(f.Diagnostic.Location)).Select(f => f.Finding).ToList();
                covered.UnionWith(entryFindings);
                var line = entry.Location.GetLineSpan();
                entryReports.Add(new EntryPointReport(entry.Name, entry.Kind, Relative(baseDirectory, line.Path), line.StartLinePosition.Line + 1, project.Project.Name)
                {
                    Findings = entryFindings,
                    Classification = Classify(entryFindings, reached, guardStatusKnown),
                });
            }

            outside.AddRange(findings.Select(f => f.Finding).Where(f => !covered.Contains(f)));
        }

        var totals = rules
            .Select(r => new RuleTotal(
                r.Id,
                r.Title,
                allFindings.Count(f => f.RuleId == r.Id && f.Severity == FindingSeverity.Warning),
                allFindings.Count(f => f.RuleId == r.Id && f.Severity == FindingSeverity.Suggestion),
                allFindings.Count(f => f.RuleId == r.Id && f.Severity == FindingSeverity.Error)))
            .ToList();

        return new AdvisorReport
        {
            Target = target.Path,
            TargetKind = target.Kind,
            BaseDirectory = baseDirectory,
            Projects = projects.Select(p => p.Project.Name).ToList(),
            Rules = rules,
            EntryPoints = entryReports,
            Findings = Sort(allFindings),
            FindingsOutsideEntryPoints = Sort(outside),
            Totals = totals,
            LoadWarnings = warnings,
            Timings = timings,
            LoadTime = loadTime,
            AnalysisTime = analysisTime,
        };
    }

    internal static EntryPointClassification Classify(IReadOnlyList<Finding> findings, ReachedCode reached, bool guardStatusKnown)
    {
        var blocking = findings.Any(f => f.Question == Question.Blocking);
        var cpu = findings.Any(f => f.Question == Question.CpuBound);
        var scale = findings.Any(f => f.Question == Question.Scale);
        var unguarded = findings.Count(f => f.RuleId == "ADV4001" && f.Severity >= FindingSeverity.Warning);
        var timeoutOnly = findings.Count(f => f.RuleId == "ADV4001" && f.Severity == FindingSeverity.Suggestion);
        var fanOuts = findings.Count(f => f.RuleId is "ADV4002" or "ADV4003");
        var otherFailure = findings.Count(f => f.Question == Question.FailureModes && f.RuleId is not ("ADV4001" or "ADV4002" or "ADV4003"));
        var downstream = Math.Max(reached.DownstreamCalls, unguarded + timeoutOnly);

        var labels = new List<string>();
        // "async I/O": the code awaits and nothing in it blocks (CPU or failure-mode findings are listed beside it).
        if (reached.Awaits && !blocking)
        {
            labels.Add("async I/O");
        }

        if (blocking)
        {
            labels.Add("blocking I/O");
        }

        if (cpu)
        {
            labels.Add("CPU-bound");
        }

        if (scale)
        {
            labels.Add("scale: parallel/thread per request");
        }

        if (downstream > 0)
        {
            if (!guardStatusKnown)
            {
                labels.Add(Invariant($"downstream: {downstream} call(s), guard status not checked (ADV4001 not available)"));
            }
            else if (unguarded == 0 && timeoutOnly == 0)
            {
                labels.Add(Invariant($"downstream: {downstream} guarded"));
            }
            else
            {
                var parts = new List<string>();
                if (unguarded > 0)
                {
                    parts.Add(Invariant($"{unguarded} unguarded"));
                }

                if (timeoutOnly > 0)
                {
                    parts.Add(Invariant($"{timeoutOnly} timeout only"));
                }

                labels.Add(Invariant($"downstream: {string.Join(", ", parts)} of {downstream}"));
            }
        }

        if (fanOuts > 0)
        {
            labels.Add(Invariant($"fan-out: {fanOuts} without deadline or sequential"));
        }

        if (otherFailure > 0)
        {
            labels.Add("lock held across a wait");
        }

        if (labels.Count == 0)
        {
            labels.Add(findings.Count == 0 ? "synchronous, no findings" : "other findings");
        }

        return new EntryPointClassification
        {
            Awaits = reached.Awaits,
            BlockingIO = blocking,
            CpuBound = cpu,
            ScaleRisk = scale,
            DownstreamCalls = downstream,
            UnguardedDownstreamCalls = unguarded,
            TimeoutOnlyDownstreamCalls = timeoutOnly,
            GuardStatusKnown = guardStatusKnown,
            FanOuts = fanOuts,
            OtherFailureModeFindings = otherFailure,
            Labels = labels,
        };
    }

    /// <summary>The title of the first code action an Advisor fixer offers for <paramref name="diagnostic"/>.</summary>
    internal static async Task<string?> FixTitleAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return null;
        }

        foreach (var fixer in AdvisorRules.All.FixersFor(diagnostic.Id))
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            try
            {
                await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                continue;
            }

            if (actions.Count > 0)
            {
                return actions[0].Title;
            }
        }

        return null;
    }

    internal static FindingSeverity ToSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => FindingSeverity.Error,
        DiagnosticSeverity.Warning => FindingSeverity.Warning,
        _ => FindingSeverity.Suggestion,
    };

    internal static string Relative(string baseDirectory, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private static Finding ToFinding(Diagnostic diagnostic, string project, string baseDirectory)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new Finding(
            diagnostic.Id,
            ToSeverity(diagnostic.Severity),
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            Relative(baseDirectory, span.Path),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1,
            project)
        {
            HelpLink = string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri) ? null : diagnostic.Descriptor.HelpLinkUri,
        };
    }

    private static List<Finding> Sort(IEnumerable<Finding> findings)
        => findings.OrderBy(f => f.FilePath, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The entry-point detection the report uses.</summary>
internal static class EntryPointSources
{
    public static IEntryPointSource Default { get; } = new SyntaxEntryPointSource();
}
