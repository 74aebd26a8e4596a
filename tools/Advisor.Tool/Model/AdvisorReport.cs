using System;
using System.Collections.Generic;

namespace Advisor.Tool.Model;

/// <summary>How loud a finding is, after .editorconfig severities are applied.</summary>
public enum FindingSeverity
{
    /// <summary>An info-level diagnostic: worth doing, not a defect under load by itself.</summary>
    Suggestion = 0,

    /// <summary>A warning: this code misbehaves under load.</summary>
    Warning = 1,

    /// <summary>Raised to error by the project's configuration.</summary>
    Error = 2,
}

/// <summary>Which question of the four-question framework a rule answers, read from its ID range.</summary>
public enum Question
{
    /// <summary>ADV1xxx: I/O-bound or CPU-bound?</summary>
    CpuBound = 1,

    /// <summary>ADV2xxx: is there an async library, or only a blocking one?</summary>
    Blocking = 2,

    /// <summary>ADV3xxx: at what scale?</summary>
    Scale = 3,

    /// <summary>ADV4xxx: what are the failure modes?</summary>
    FailureModes = 4,

    /// <summary>An ID outside the four ranges.</summary>
    Other = 0,
}

/// <summary>A rule that ran, with the metadata the report and SARIF need.</summary>
public sealed record RuleInfo(string Id, string Title, string Category, FindingSeverity DefaultSeverity, string Description, string? HelpLink, string AnalyzerName)
{
    /// <summary>The question this rule answers.</summary>
    public Question Question => Questions.Of(Id);
}

/// <summary>One diagnostic, located by file and 1-based line and column.</summary>
public sealed record Finding(
    string RuleId,
    FindingSeverity Severity,
    string Message,
    string FilePath,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Project)
{
    /// <summary>The title of the code fix Advisor offers for this finding, or null when there is none.</summary>
    public string? FixTitle { get; init; }

    /// <summary>The documentation page for the rule.</summary>
    public string? HelpLink { get; init; }

    /// <summary>The question this finding answers.</summary>
    public Question Question => Questions.Of(RuleId);
}

/// <summary>Where a request enters the application: a controller action, a minimal API handler, a middleware, ...</summary>
public sealed record EntryPointReport(string Name, string Kind, string FilePath, int Line, string Project)
{
    /// <summary>The answers to the four questions for this entry point.</summary>
    public EntryPointClassification Classification { get; init; } = new();

    /// <summary>Findings located in the entry point or in the methods of the project it reaches.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();
}

/// <summary>The four-question classification of one entry point.</summary>
public sealed record EntryPointClassification
{
    /// <summary>The entry point (or what it reaches) awaits something.</summary>
    public bool Awaits { get; init; }

    /// <summary>ADV2xxx findings: blocking I/O on the request path.</summary>
    public bool BlockingIO { get; init; }

    /// <summary>ADV1xxx findings: CPU-bound work inline on the request path.</summary>
    public bool CpuBound { get; init; }

    /// <summary>ADV3xxx findings: parallel loops or threads per request.</summary>
    public bool ScaleRisk { get; init; }

    /// <summary>Outbound calls (HTTP, gRPC, database, sockets) found in the entry point and what it reaches.</summary>
    public int DownstreamCalls { get; init; }

    /// <summary>Downstream calls reported by ADV4001 at warning level: no timeout and no circuit breaker.</summary>
    public int UnguardedDownstreamCalls { get; init; }

    /// <summary>Downstream calls reported by ADV4001 at suggestion level: a timeout but no circuit breaker.</summary>
    public int TimeoutOnlyDownstreamCalls { get; init; }

    /// <summary>False when no ADV4001 analyzer ran, so guarded/unguarded cannot be told apart.</summary>
    public bool GuardStatusKnown { get; init; }

    /// <summary>ADV4002/ADV4003 findings: fan-outs (sequential, or without a deadline).</summary>
    public int FanOuts { get; init; }

    /// <summary>ADV4004 and other failure-mode findings not counted above.</summary>
    public int OtherFailureModeFindings { get; init; }

    /// <summary>Short labels, e.g. "async I/O", "blocking I/O", "CPU-bound", "downstream: 1 of 2 unguarded".</summary>
    public IReadOnlyList<string> Labels { get; init; } = Array.Empty<string>();
}

/// <summary>How many findings one rule produced.</summary>
public sealed record RuleTotal(string RuleId, string Title, int Warnings, int Suggestions, int Errors)
{
    /// <summary>All findings of this rule.</summary>
    public int Total => Warnings + Suggestions + Errors;
}

/// <summary>Time spent in one analyzer, summed over the projects.</summary>
public sealed record AnalyzerTiming(string AnalyzerName, TimeSpan ExecutionTime);

/// <summary>A file that <c>--fix</c> changed (or would change with <c>--dry-run</c>).</summary>
public sealed record FileChange(string FilePath, int LinesRemoved, int LinesAdded, IReadOnlyList<string> DiffLines);

/// <summary>What <c>--fix</c> did.</summary>
public sealed record FixSummary(bool DryRun, IReadOnlyList<FileChange> Files, int FixedFindings, int CompilerErrorsBefore, int CompilerErrorsAfter);

/// <summary>The whole report: what was loaded, the entry points with their classification, all findings and totals.</summary>
public sealed record AdvisorReport
{
    /// <summary>The path that was analyzed.</summary>
    public required string Target { get; init; }

    /// <summary>"solution", "project" or "folder".</summary>
    public required string TargetKind { get; init; }

    /// <summary>The folder finding paths are relative to (the target's folder).</summary>
    public string BaseDirectory { get; init; } = string.Empty;

    /// <summary>The C# projects analyzed.</summary>
    public IReadOnlyList<string> Projects { get; init; } = Array.Empty<string>();

    /// <summary>Every rule that ran.</summary>
    public IReadOnlyList<RuleInfo> Rules { get; init; } = Array.Empty<RuleInfo>();

    /// <summary>Request-path entry points in source order.</summary>
    public IReadOnlyList<EntryPointReport> EntryPoints { get; init; } = Array.Empty<EntryPointReport>();

    /// <summary>Every finding, sorted by file and line.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

    /// <summary>Findings that no entry point reaches (background services, startup code, unreached helpers).</summary>
    public IReadOnlyList<Finding> FindingsOutsideEntryPoints { get; init; } = Array.Empty<Finding>();

    /// <summary>Per-rule totals, for every rule that ran (zeros included).</summary>
    public IReadOnlyList<RuleTotal> Totals { get; init; } = Array.Empty<RuleTotal>();

    /// <summary>Problems while loading (project load failures, compiler errors) that make the analysis incomplete.</summary>
    public IReadOnlyList<string> LoadWarnings { get; init; } = Array.Empty<string>();

    /// <summary>Per-analyzer execution times; empty unless timing was requested.</summary>
    public IReadOnlyList<AnalyzerTiming> Timings { get; init; } = Array.Empty<AnalyzerTiming>();

    /// <summary>Wall-clock time for load and analysis.</summary>
    public TimeSpan LoadTime { get; init; }

    /// <summary>Wall-clock time for analysis (after loading).</summary>
    public TimeSpan AnalysisTime { get; init; }

    /// <summary>Set when --fix ran.</summary>
    public FixSummary? Fix { get; init; }

    /// <summary>Findings at or above <paramref name="severity"/>.</summary>
    public int CountAtLeast(FindingSeverity severity)
    {
        var count = 0;
        foreach (var finding in Findings)
        {
            if (finding.Severity >= severity)
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>Maps rule IDs to the four questions.</summary>
public static class Questions
{
    /// <summary>The question an ADVnnnn ID belongs to (by its first digit).</summary>
    public static Question Of(string ruleId)
        => ruleId.Length >= 4 && ruleId.StartsWith("ADV", StringComparison.Ordinal)
            ? ruleId[3] switch
            {
                '1' => Question.CpuBound,
                '2' => Question.Blocking,
                '3' => Question.Scale,
                '4' => Question.FailureModes,
                _ => Question.Other,
            }
            : Question.Other;

    /// <summary>A short heading for a question.</summary>
    public static string Describe(Question question) => question switch
    {
        Question.CpuBound => "Q1 I/O or CPU",
        Question.Blocking => "Q2 async library or blocking",
        Question.Scale => "Q3 scale",
        Question.FailureModes => "Q4 failure modes",
        _ => "other",
    };
}
