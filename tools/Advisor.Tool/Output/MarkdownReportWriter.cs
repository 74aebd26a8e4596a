using System.IO;
using System.Linq;
using Advisor.Tool.Model;

namespace Advisor.Tool.Output;

/// <summary>GitHub-flavoured Markdown: a summary table of entry points, their findings, and totals per rule.</summary>
internal static class MarkdownReportWriter
{
    public static void Write(AdvisorReport report, TextWriter writer)
    {
        var w = new Invariant(writer);
        w.Line("# Advisor report");
        w.Line();
        w.Line($"**Target:** `{report.Target}` ({report.TargetKind}; {string.Join(", ", report.Projects.Select(p => $"`{p}`"))})  ");
        w.Line($"**Request entry points:** {report.EntryPoints.Count} · **{ConsoleReportWriter.Summary(report)}** · {report.Rules.Count} rule(s)");
        if (report.LoadWarnings.Count > 0)
        {
            w.Line();
            foreach (var warning in report.LoadWarnings)
            {
                w.Line($"> **Warning:** {Cell(warning)}");
            }
        }

        w.Line();
        w.Line("## Request entry points");
        w.Line();
        if (report.EntryPoints.Count == 0)
        {
            w.Line("No request entry point found.");
        }
        else
        {
            w.Line("| Entry point | Kind | Location | Classification | Findings |");
            w.Line("|---|---|---|---|---:|");
            foreach (var entry in report.EntryPoints)
            {
                w.Line($"| `{Code(entry.Name)}` | {entry.Kind} | `{entry.FilePath}:{entry.Line}` | {Cell(string.Join(" · ", entry.Classification.Labels))} | {entry.Findings.Count} |");
            }

            foreach (var entry in report.EntryPoints.Where(e => e.Findings.Count > 0))
            {
                w.Line();
                w.Line($"### `{Code(entry.Name)}`");
                w.Line();
                WriteFindings(w, entry.Findings);
            }
        }

        if (report.FindingsOutsideEntryPoints.Count > 0)
        {
            w.Line();
            w.Line("## Findings outside request entry points");
            w.Line();
            WriteFindings(w, report.FindingsOutsideEntryPoints);
        }

        w.Line();
        w.Line("## Totals per rule");
        w.Line();
        w.Line("| Rule | Title | Warnings | Suggestions | Total |");
        w.Line("|---|---|---:|---:|---:|");
        foreach (var total in report.Totals)
        {
            var rule = report.Rules.FirstOrDefault(r => r.Id == total.RuleId);
            var id = rule?.HelpLink is { } link ? $"[{total.RuleId}]({link})" : total.RuleId;
            w.Line($"| {id} | {Cell(total.Title)} | {total.Warnings} | {total.Suggestions} | {total.Total} |");
        }

        w.Line($"| **total** | | {report.Findings.Count(f => f.Severity == FindingSeverity.Warning)} | {report.Findings.Count(f => f.Severity == FindingSeverity.Suggestion)} | {report.Findings.Count} |");

        if (report.Timings.Count > 0)
        {
            w.Line();
            w.Line("## Analyzer execution time");
            w.Line();
            w.Line("| Analyzer | ms |");
            w.Line("|---|---:|");
            foreach (var timing in report.Timings)
            {
                w.Line($"| {timing.AnalyzerName} | {timing.ExecutionTime.TotalMilliseconds:0.0} |");
            }
        }

        if (report.Fix is { } fix)
        {
            w.Line();
            w.Line("## Fixes");
            w.Line();
            w.Line("```text");
            ConsoleReportWriter.WriteFix(w, fix);
            w.Line("```");
        }
    }

    private static void WriteFindings(Invariant w, System.Collections.Generic.IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            var fix = finding.FixTitle is not null ? $" — fix: *{Cell(finding.FixTitle)}*" : string.Empty;
            var id = finding.HelpLink is { } link ? $"[{finding.RuleId}]({link})" : finding.RuleId;
            w.Line($"- `{finding.FilePath}:{finding.Line}` **{id}** ({ConsoleReportWriter.Severity(finding.Severity)}): {Cell(finding.Message)}{fix}");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", System.StringComparison.Ordinal).Replace("\n", " ", System.StringComparison.Ordinal).Replace("\r", string.Empty, System.StringComparison.Ordinal);

    private static string Code(string text) => text.Replace("`", "'", System.StringComparison.Ordinal).Replace("|", "\\|", System.StringComparison.Ordinal);
}
