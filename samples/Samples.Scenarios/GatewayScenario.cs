using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Samples.Harness;

namespace Samples.Scenarios;

/// <summary>Counts and latencies of the gateway scenario.</summary>
/// <param name="LegacyLatency">How long each legacy SDK call blocks (two calls per request).</param>
/// <param name="Steps">Load steps: concurrent requests and how many requests in total.</param>
/// <param name="WarmupRequests">Requests sent one at a time before measuring (JIT, connections).</param>
public sealed record GatewayOptions(TimeSpan LegacyLatency, IReadOnlyList<GatewayStep> Steps, int WarmupRequests)
{
    /// <summary>The demo's counts: 8 concurrent requests (200 in all), then 200 concurrent (1000 in all).</summary>
    public static GatewayOptions Demo { get; } = new(TimeSpan.FromMilliseconds(20), [new(8, 200), new(200, 1_000)], 10);
}

/// <summary>One load step.</summary>
public sealed record GatewayStep(int Concurrency, int Requests);

/// <summary>The gateway scenario's numbers: one load result per step, for Before and for After.</summary>
/// <param name="Before">One result per step for the Before code.</param>
/// <param name="After">One result per step for the After code.</param>
/// <param name="PoolThreadsAfterAfter">ThreadPool threads once After's run ended (After runs first).</param>
/// <param name="PoolThreadsAfterBefore">ThreadPool threads once Before's run ended.</param>
public sealed record GatewayReport(IReadOnlyList<LoadResult> Before, IReadOnlyList<LoadResult> After, int PoolThreadsAfterAfter, int PoolThreadsAfterBefore)
{
    /// <summary>A table with Before and After side by side.</summary>
    public string Format()
    {
        var rows = Before.Zip(After, (b, a) => new[]
        {
            b.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Table.Ms(b.Latency.P50), Table.Ms(a.Latency.P50),
            Table.Ms(b.Latency.P99), Table.Ms(a.Latency.P99),
            Table.N(b.Throughput), Table.N(a.Throughput),
            $"{b.Errors}/{a.Errors}",
        });
        return Table.Format(
            ["concurrent", "p50 Before", "p50 After", "p99 Before", "p99 After", "req/s Before", "req/s After", "errors B/A"],
            rows);
    }
}

/// <summary>
/// Gateway, the three-layer model: a minimal API whose handler makes two legacy blocking calls and runs CPU-heavy
/// work. Before runs all of it inline; After awaits the async I/O and moves the blocking calls to
/// <c>Offload.Blocking</c> and the CPU work to <c>Offload.Cpu</c>. A closed-loop driver measures each at 8 and at
/// 200 concurrent requests.
/// </summary>
public static class GatewayScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<GatewayReport> RunAsync(GatewayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var legacy = new LegacyPricingClient(options.LegacyLatency);
        var rules = PricingRules.CreateTemporary();

        // After runs first so that Before, too, starts on a ThreadPool that has not grown yet: in one process the
        // threads Before's starvation makes the pool inject would otherwise flatter whatever runs next.
        var after = await MeasureAsync(app => Gateway.After.QuoteEndpoints.MapQuotes(app), legacy, rules, options, cancellationToken).ConfigureAwait(false);
        var threadsAfterAfter = ThreadPool.ThreadCount;
        var before = await MeasureAsync(app => Gateway.Before.QuoteEndpoints.MapQuotes(app), legacy, rules, options, cancellationToken).ConfigureAwait(false);
        return new GatewayReport(before, after, threadsAfterAfter, ThreadPool.ThreadCount);
    }

    private static async Task<IReadOnlyList<LoadResult>> MeasureAsync(
        Action<Microsoft.AspNetCore.Builder.WebApplication> map, LegacyPricingClient legacy, PricingRules rules, GatewayOptions options, CancellationToken cancellationToken)
    {
        await using var host = await LoopbackHost.StartAsync(
            services => services.AddSingleton(legacy).AddSingleton(rules),
            map).ConfigureAwait(false);
        using var client = LoadGenerator.CreateClient(host.BaseAddress);
        if (options.WarmupRequests > 0)
        {
            await LoadGenerator.ClosedLoopAsync(client, "quote/1", 1, options.WarmupRequests, cancellationToken).ConfigureAwait(false);
        }

        var results = new List<LoadResult>();
        foreach (var step in options.Steps)
        {
            results.Add(await LoadGenerator.ClosedLoopAsync(client, "quote/7", step.Concurrency, step.Requests, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }
}
