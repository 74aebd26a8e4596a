using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Advisor.Analyzers.Benchmarks.Generation;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Robustness;

/// <summary>
/// Cancellation: the IDE cancels analysis on every keystroke. Analysis of a large compilation cancelled midway must stop
/// within a second and must leave nothing behind that changes later results or keeps the compilation alive.
/// </summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Analysis_of_a_large_compilation_stops_within_a_second_of_cancellation()
    {
        var (elapsed, outcome, driverCompilation) = await CancelMidwayAsync(Generated(600), minimumOperations: 300);

        Assert.True(outcome is OperationCanceledException, $"expected cancellation, got {outcome?.GetType().Name ?? "completion"}: {outcome}");
        Assert.True(elapsed < s_limit, $"analysis took {elapsed.TotalMilliseconds:N0} ms to stop after cancellation");

        // Nothing started by the cancelled analysis (a summary being computed, a cache) still holds its compilation.
        Assert.True(await NoLeakTests.IsCollectedAsync(driverCompilation), "the cancelled analysis' compilation is still alive");
    }

    [Fact]
    public async Task Cancelled_analysis_leaves_no_state_that_changes_later_results()
    {
        var compilation = Generated(60);
        var (_, outcome, _) = await CancelMidwayAsync(compilation, minimumOperations: 20);
        Assert.True(outcome is OperationCanceledException or null, $"unexpected failure: {outcome}");

        // The same compilation analyzed again, to the end, reports exactly what a never-cancelled copy reports.
        var (again, failures) = await RobustnessHarness.AnalyzeAsync(compilation);
        var (fresh, freshFailures) = await RobustnessHarness.AnalyzeAsync(compilation.Clone());
        Assert.Empty(failures);
        Assert.Empty(freshFailures);
        Assert.NotEmpty(fresh);
        Assert.Equal(Describe(fresh), Describe(again));
    }

    [Fact]
    public void A_summary_cancelled_midway_is_not_cached()
    {
        var compilation = Generated(6);
        var context = AdvisorContext.For(compilation);
        var key = new object();
        using var cancellation = new CancellationTokenSource();
        var calls = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => context.GetSummary<string>(key, (_, token) =>
        {
            calls++;
            cancellation.Cancel();
            token.ThrowIfCancellationRequested();
            return "partial";
        }, cancellation.Token));

        var value = context.GetSummary<string>(key, (_, _) =>
        {
            calls++;
            return "complete";
        }, CancellationToken.None);

        Assert.Equal("complete", value);
        Assert.Equal(2, calls);
    }

    internal static CSharpCompilation Generated(int files)
        => RobustnessHarness.EmptyCompilation(OutputKind.DynamicallyLinkedLibrary)
            .AddSyntaxTrees(ServiceCodeGenerator.Generate(files).Select(f => CSharpSyntaxTree.ParseText(f.Text, RobustnessHarness.ParseOptions, f.Path)));

    /// <summary>
    /// Starts analysis with every Advisor analyzer, cancels once the analyzers are at work (at least 200 ms in and the
    /// driver has handed out <paramref name="minimumOperations"/> invocations), and measures how long the analysis
    /// takes to stop. Returns the exception it ended with (null if it completed) and the driver's compilation, weakly.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(TimeSpan Elapsed, Exception? Outcome, WeakReference DriverCompilation)> CancelMidwayAsync(Compilation compilation, int minimumOperations)
    {
        var probe = new CompilationProbe();
        using var cancellation = new CancellationTokenSource();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var analysis = Task.Run(() => compilation.WithAnalyzers(RobustnessHarness.Analyzers.Add(probe), options).GetAnalyzerDiagnosticsAsync(cancellation.Token));

        var started = Stopwatch.StartNew();
        while (!analysis.IsCompleted && (started.ElapsedMilliseconds < 200 || probe.Operations < minimumOperations) && started.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(10);
        }

        Assert.False(analysis.IsCompleted && minimumOperations > 100, "analysis finished before it could be cancelled; the compilation is too small");
        var stopping = Stopwatch.StartNew();
        cancellation.Cancel();
        Exception? outcome = null;
        try
        {
            await analysis;
        }
        catch (Exception e)
        {
            outcome = e;
        }

        stopping.Stop();
        Assert.NotNull(probe.AnalyzedCompilation);
        return (stopping.Elapsed, outcome, probe.AnalyzedCompilation!);
    }

    private static IReadOnlyList<string> Describe(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath} {d.Location.SourceSpan} {d.GetMessage()}")
                      .OrderBy(s => s, StringComparer.Ordinal)
                      .ToList();
}
