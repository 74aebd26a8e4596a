using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Advisor.Tool.Model;

namespace Advisor.Tool.Output;

/// <summary>Plain text for a terminal: entry points with their classification and findings, then totals per rule.</summary>
internal static class ConsoleReportWriter
{
    public static void Write(AdvisorReport report, TextWriter writer)
    {
        var w = new Invariant(writer);
        w.Line($"Advisor report: {report.Target} ({report.TargetKind}, {report.Projects.Count} project(s): {string.Join(", ", report.Projects)})");
        w.Line($"{report.Rules.Count} rule(s), {report.EntryPoints.Count} request entry point(s), {Summary(report)}; loaded in {report.LoadTime.TotalSeconds:0.0} s, analyzed in {report.AnalysisTime.TotalSeconds:0.0} s");
        foreach (var warning in report.LoadWarnings)
        {
            w.Line($"warning: {warning}");
        }

        w.Line();
        w.Line("Request entry points");
        if (report.EntryPoints.Count == 0)
        {
            w.Line("  none found (no minimal API Map*, controller, Razor Page, middleware, hub, gRPC service or [RequestPath] method)");
        }

        foreach (var entry in report.EntryPoints)
        {
            w.Line($"  {entry.Name}  ({entry.Kind}, {entry.FilePath}:{entry.Line})");
            w.Line($"    => {string.Join("; ", entry.Classification.Labels)}");
            foreach (var finding in entry.Findings)
            {
                WriteFinding(w, finding, "    ");
            }
        }

        if (report.FindingsOutsideEntryPoints.Count > 0)
        {
            w.Line();
            w.Line("Findings outside request entry points (async code no entry point reaches: background work, helpers, startup)");
            foreach (var finding in report.FindingsOutsideEntryPoints)
            {
                WriteFinding(w, finding, "  ");
            }
        }

        w.Line();
        w.Line("Totals per rule");
        var titleWidth = Math.Min(60, report.Totals.Select(t => t.Title.Length).DefaultIfEmpty(10).Max());
        foreach (var total in report.Totals)
        {
            w.Line($"  {total.RuleId}  {Pad(total.Title, titleWidth)}  {Counts(total)}");
        }

        w.Line($"  {"total",-7}  {Pad(string.Empty, titleWidth)}  {Summary(report)}");

        if (report.Timings.Count > 0)
        {
            w.Line();
            w.Line("Analyzer execution time (summed over projects)");
            foreach (var timing in report.Timings)
            {
                w.Line($"  {timing.ExecutionTime.TotalMilliseconds,9:0.0} ms  {timing.AnalyzerName}");
            }
        }

        if (report.Fix is { } fix)
        {
            w.Line();
            WriteFix(w, fix);
        }
    }

    internal static void WriteFix(Invariant w, FixSummary fix)
    {
        var verb = fix.DryRun ? "would change" : "changed";
        w.Line($"Fixes: {fix.FixedFindings} finding(s) fixed, {verb} {fix.Files.Count} file(s){(fix.DryRun ? " (dry run: nothing written)" : string.Empty)}; compiler errors before {fix.CompilerErrorsBefore}, after {fix.CompilerErrorsAfter}");
        foreach (var file in fix.Files)
        {
            w.Line($"  {file.FilePath}: -{file.LinesRemoved} +{file.LinesAdded} lines");
            if (fix.DryRun)
            {
                foreach (var line in file.DiffLines)
                {
                    w.Line($"    {line}");
                }
            }
        }
    }

    private static void WriteFinding(Invariant w, Finding finding, string indent)
    {
        w.Line($"{indent}{finding.FilePath}:{finding.Line}:{finding.Column}  {finding.RuleId} {Severity(finding.Severity)}: {finding.Message}");
        var fix = finding.FixTitle is not null ? $"fix available: {finding.FixTitle} (advisor --fix)" : finding.HelpLink is not null ? $"how to fix: {finding.HelpLink}" : null;
        if (fix is not null)
        {
            w.Line($"{indent}    {fix}");
        }
    }

    internal static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "suggestion",
    };

    internal static string Summary(AdvisorReport report)
    {
        var warnings = report.Findings.Count(f => f.Severity == FindingSeverity.Warning);
        var suggestions = report.Findings.Count(f => f.Severity == FindingSeverity.Suggestion);
        var errors = report.Findings.Count(f => f.Severity == FindingSeverity.Error);
        var parts = string.Create(CultureInfo.InvariantCulture, $"{warnings} warning(s), {suggestions} suggestion(s)");
        if (errors > 0)
        {
            parts = string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {parts}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{report.Findings.Count} finding(s): {parts}");
    }

    private static string Counts(RuleTotal total)
        => total.Total == 0
            ? "0"
            : string.Create(CultureInfo.InvariantCulture, $"{total.Total} ({total.Warnings} warning(s), {total.Suggestions} suggestion(s){(total.Errors > 0 ? $", {total.Errors} error(s)" : string.Empty)})");

    private static string Pad(string text, int width) => text.Length > width ? text[..(width - 1)] + "…" : text.PadRight(width);
}

/// <summary>Writes lines with invariant-culture formatting.</summary>
internal readonly struct Invariant
{
    private readonly TextWriter _writer;

    public Invariant(TextWriter writer) => _writer = writer;

    public void Line(FormattableString text) => _writer.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    public void Line(string text) => _writer.WriteLine(text);

    public void Line() => _writer.WriteLine();
}
