using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Samples.Harness;
using Samples.Scenarios;

namespace Advisor.Demo;

/// <summary>
/// The main job: the Advisor report over the Before projects, then the three scenarios, Before and After side by
/// side. <c>--quick</c> runs the scenarios with small counts (a smoke run); <c>--skip-report</c> skips step 1.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var total = Stopwatch.StartNew();
        Console.WriteLine($"Advisor samples: {Environment.ProcessorCount} cores, .NET {Environment.Version}, ThreadPool min threads {MinThreads()}{(quick ? ", quick counts" : string.Empty)}");

        var exitCode = 0;
        if (!args.Contains("--skip-report"))
        {
            Section("1. Advisor report over the Before projects");
            exitCode = await AdvisorReport.RunAsync().ConfigureAwait(false);
        }

        Section("2. Gateway: legacy blocking call + CPU work per request (closed loop, Before = inline, After = Offload.Blocking + Offload.Cpu)");
        var gatewayOptions = quick ? GatewayOptions.Demo with { Steps = [new(8, 40), new(200, 200)], WarmupRequests = 3 } : GatewayOptions.Demo;
        var gateway = await Timed(() => GatewayScenario.RunAsync(gatewayOptions)).ConfigureAwait(false);
        Console.Write(gateway.Format());
        Console.WriteLine($"ThreadPool threads: {gateway.PoolThreadsAfterAfter} after the After run, {gateway.PoolThreadsAfterBefore} after the Before run (legacy call blocks {Table.Ms(gatewayOptions.LegacyLatency.TotalMilliseconds)} ms, twice per request)");

        Section("3. Search: 8 shards, 50-400 ms each, 300 ms deadline");
        var searchOptions = quick ? SearchOptions.Demo with { Queries = 40, ConcurrentQueries = 10, ConcurrentSequentialQueries = 20 } : SearchOptions.Demo;
        var search = await Timed(() => SearchScenario.RunAsync(searchOptions)).ConfigureAwait(false);
        Console.Write(search.Format());

        Section("4. Checkout: payments healthy -> slow -> failing -> healthy, unguarded vs Downstream.Guard(\"payments\")");
        var checkoutOptions = CheckoutOptions.Demo;
        var checkout = await Timed(() => CheckoutScenario.RunAsync(checkoutOptions)).ConfigureAwait(false);
        Console.WriteLine($"{Table.N(checkoutOptions.RequestsPerSecond)} checkouts/s; payments' slow phase answers after {Table.Ms(checkoutOptions.SlowLatency.TotalMilliseconds)} ms; guard: 300 ms timeout, breaker opens at 50% failures (min 5 calls in 1 s), 1 s break");
        Console.Write(checkout.Format());

        Console.WriteLine();
        Console.WriteLine($"Done in {Table.N(total.Elapsed.TotalSeconds)} s.");
        return exitCode;
    }

    private static int MinThreads()
    {
        System.Threading.ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }

    private static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title);
    }

    private static async Task<T> Timed<T>(Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run().ConfigureAwait(false);
        Console.WriteLine($"(measured in {Table.N1(clock.Elapsed.TotalSeconds)} s)");
        return result;
    }
}
