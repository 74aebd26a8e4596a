using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Tool.Analysis;
using Advisor.Tool.Fixing;
using Advisor.Tool.Loading;
using Advisor.Tool.Model;
using Advisor.Tool.Output;

namespace Advisor.Tool;

/// <summary>
/// The advisor command line as a library: <see cref="RunAsync"/> is exactly what the <c>advisor</c> tool runs;
/// <see cref="AnalyzeAsync"/> returns the report model for callers that render it themselves (the samples demo).
/// </summary>
public static class AdvisorApp
{
    /// <summary>Exit code: success (no threshold exceeded).</summary>
    public const int ExitSuccess = 0;

    /// <summary>Exit code: <c>--fail-on</c> or <c>--max-findings</c> was exceeded.</summary>
    public const int ExitThresholdExceeded = 1;

    /// <summary>Exit code: bad command line, or the target could not be loaded.</summary>
    public const int ExitUsageOrLoadError = 2;

    /// <summary>Runs the command line: parses <paramref name="args"/>, analyzes, writes the report, returns the exit code.</summary>
    /// <param name="args">The arguments, as given to <c>advisor</c>.</param>
    /// <param name="output">Where the report goes (unless <c>-o</c> names a file).</param>
    /// <param name="error">Progress, warnings and errors.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var options = AdvisorOptions.Parse(args, out var usageError);
        if (options is null)
        {
            await error.WriteLineAsync($"advisor: {usageError}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'advisor --help' for usage.").ConfigureAwait(false);
            return ExitUsageOrLoadError;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(AdvisorOptions.Usage).ConfigureAwait(false);
            return ExitSuccess;
        }

        if (options.Version)
        {
            await output.WriteLineAsync(SarifReportWriter.ToolVersion()).ConfigureAwait(false);
            return ExitSuccess;
        }

        AdvisorReport report;
        try
        {
            report = await AnalyzeAsync(options, options.Quiet ? null : error, cancellationToken).ConfigureAwait(false);
        }
        catch (AdvisorLoadException ex)
        {
            await error.WriteLineAsync($"advisor: {ex.Message}").ConfigureAwait(false);
            return ExitUsageOrLoadError;
        }

        if (options.OutputFile is { } file)
        {
            var path = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
            {
                Write(report, options.Format, writer);
            }

            if (!options.Quiet)
            {
                await error.WriteLineAsync($"Wrote {options.Format.ToString().ToLowerInvariant()} report to {path}").ConfigureAwait(false);
            }

            if (options.Format != ReportFormat.Console)
            {
                // Still show the reader what happened.
                await output.WriteLineAsync($"{ConsoleReportWriter.Summary(report)} in {report.EntryPoints.Count} request entry point(s); report: {path}").ConfigureAwait(false);
            }
        }
        else
        {
            Write(report, options.Format, output);
        }

        return Evaluate(report, options, error);
    }

    /// <summary>Loads <see cref="AdvisorOptions.Path"/>, runs the analyzers (and fixes with <see cref="AdvisorOptions.Fix"/>) and returns the report.</summary>
    /// <param name="options">What to analyze and how.</param>
    /// <param name="progress">Receives progress lines while loading and analyzing; null for none.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <exception cref="AdvisorLoadException">The target does not exist or cannot be loaded.</exception>
    public static async Task<AdvisorReport> AnalyzeAsync(AdvisorOptions options, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gate = new object();
        void Progress(string line)
        {
            if (progress is not null)
            {
                lock (gate)
                {
                    progress.WriteLine(line);
                }
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var target = await TargetLoader.LoadAsync(options, Progress, cancellationToken).ConfigureAwait(false);
        var loadTime = stopwatch.Elapsed;
        foreach (var warning in target.Warnings)
        {
            Progress("warning: " + warning);
        }

        var builder = new ReportBuilder(options, Progress);
        var projectIds = target.ProjectsToAnalyze().Select(p => p.Id).ToList();
        stopwatch.Restart();
        var (analysis, timings) = await builder.AnalyzeAsync(target.Solution, projectIds, options.Timing, cancellationToken).ConfigureAwait(false);

        FixSummary? fix = null;
        if (options.Fix)
        {
            Progress(options.DryRun ? "Computing fixes (dry run)..." : "Applying fixes...");
            var runner = new FixRunner(builder, Progress);
            var (_, fixedAnalysis, summary) = await runner.RunAsync(target.BaseDirectory, target.Solution, projectIds, analysis, options.DryRun, cancellationToken).ConfigureAwait(false);
            fix = summary;
            if (!options.DryRun)
            {
                // The report describes the code as written: what is left after the fixes.
                analysis = fixedAnalysis;
            }
        }

        var analysisTime = stopwatch.Elapsed;
        Progress("Building the report...");
        var report = await builder.BuildAsync(target, analysis, timings, loadTime, analysisTime, cancellationToken).ConfigureAwait(false);
        return fix is null ? report : report with { Fix = fix };
    }

    /// <summary>Renders <paramref name="report"/> in <paramref name="format"/>.</summary>
    public static void Write(AdvisorReport report, ReportFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        switch (format)
        {
            case ReportFormat.Markdown:
                MarkdownReportWriter.Write(report, writer);
                break;
            case ReportFormat.Sarif:
                SarifReportWriter.Write(report, writer);
                break;
            default:
                ConsoleReportWriter.Write(report, writer);
                break;
        }
    }

    /// <summary>The exit code for <paramref name="report"/> under the thresholds of <paramref name="options"/>.</summary>
    public static int Evaluate(AdvisorReport report, AdvisorOptions options, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(error);
        var exceeded = false;
        if (options.FailOn is { } level && report.CountAtLeast(level) is var count and > 0)
        {
            error.WriteLine(FormattableString.Invariant($"advisor: {count} finding(s) at or above {ConsoleReportWriter.Severity(level)} (--fail-on {ConsoleReportWriter.Severity(level)})"));
            exceeded = true;
        }

        if (options.MaxFindings is { } max && report.Findings.Count > max)
        {
            error.WriteLine(FormattableString.Invariant($"advisor: {report.Findings.Count} finding(s), more than --max-findings {max}"));
            exceeded = true;
        }

        return exceeded ? ExitThresholdExceeded : ExitSuccess;
    }
}
