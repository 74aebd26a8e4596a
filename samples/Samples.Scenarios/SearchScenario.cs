using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Samples.Harness;

namespace Samples.Scenarios;

/// <summary>Counts and latencies of the search scenario.</summary>
/// <param name="Shards">Number of shards.</param>
/// <param name="MinLatency">Shortest shard latency.</param>
/// <param name="MaxLatency">Longest shard latency.</param>
/// <param name="Deadline">The query deadline (After only; Before has none).</param>
/// <param name="Queries">Queries per strategy.</param>
/// <param name="ConcurrentQueries">Fan-out queries (Task.WhenAll, ScatterGather) in flight at once, 8 shard calls each.</param>
/// <param name="ConcurrentSequentialQueries">Sequential queries in flight at once, 1 shard call each.</param>
/// <param name="StuckShard">The shard that hangs in the second round.</param>
/// <param name="StuckLatency">How long it hangs.</param>
/// <param name="Seed">Seed of the shard latencies.</param>
public sealed record SearchOptions(
    int Shards, TimeSpan MinLatency, TimeSpan MaxLatency, TimeSpan Deadline, int Queries, int ConcurrentQueries, int ConcurrentSequentialQueries, int StuckShard, TimeSpan StuckLatency, int Seed)
{
    /// <summary>
    /// The demo's counts: 8 shards at 50-400 ms, a 300 ms deadline, 200 queries per strategy (25 fan-out queries or
    /// 50 sequential queries in flight, to keep the run short), shard 3 stuck at 2 s.
    /// </summary>
    public static SearchOptions Demo { get; } = new(
        8, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(300), 200, 25, 50, 3, TimeSpan.FromSeconds(2), 42);
}

/// <summary>How one strategy did over all queries.</summary>
/// <param name="Strategy">Sequential awaits, Task.WhenAll, or ScatterGather.WithDeadline.</param>
/// <param name="Latency">Query latency.</param>
/// <param name="MeanShardsAnswered">Shards in the average answer.</param>
/// <param name="TimedOutShards">Shard answers missing from all queries together.</param>
/// <param name="MeanDocuments">Documents in the average answer.</param>
public sealed record SearchStrategyResult(string Strategy, LatencyStats Latency, double MeanShardsAnswered, int TimedOutShards, double MeanDocuments);

/// <summary>The search scenario's numbers.</summary>
/// <param name="Samples">One query per strategy, answered by healthy shards.</param>
/// <param name="Healthy">Every strategy over all queries, all shards healthy.</param>
/// <param name="Stuck">Every strategy over all queries, one shard stuck.</param>
/// <param name="Options">The counts used.</param>
public sealed record SearchReport(IReadOnlyList<(string Strategy, SearchAnswer Answer)> Samples, IReadOnlyList<SearchStrategyResult> Healthy, IReadOnlyList<SearchStrategyResult> Stuck, SearchOptions Options)
{
    /// <summary>The sample answers and the two latency tables.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var (strategy, answer) in Samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {strategy,-26} {Table.Ms(answer.Elapsed.TotalMilliseconds),5} ms  answered [{string.Join(",", answer.AnsweredShards)}]  timed out {answer.TimedOutShards.Count}  records {answer.Documents.Count}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{Options.Queries} queries per strategy ({Options.ConcurrentQueries} fan-out or {Options.ConcurrentSequentialQueries} sequential queries in flight), all shards healthy:\n");
        text.Append(Format(Healthy));
        text.Append(CultureInfo.InvariantCulture, $"\nThe same with shard {Options.StuckShard} stuck at {Table.Ms(Options.StuckLatency.TotalMilliseconds)} ms:\n");
        text.Append(Format(Stuck));
        return text.ToString();
    }

    private static string Format(IEnumerable<SearchStrategyResult> results)
        => Table.Format(
            ["strategy", "p50 ms", "p99 ms", "shards/answer", "timed out (all queries)", "records/answer"],
            results.Select(r => new[] { r.Strategy, Table.Ms(r.Latency.P50), Table.Ms(r.Latency.P99), Table.N1(r.MeanShardsAnswered), r.TimedOutShards.ToString(CultureInfo.InvariantCulture), Table.N1(r.MeanDocuments) }));
}

/// <summary>
/// Search, fan-out/fan-in: a query goes to 8 shards (a loopback server with 50-400 ms random latency per shard call).
/// Before awaits the shards one after another, or all at once with <c>Task.WhenAll</c>; After uses
/// <c>ScatterGather.WithDeadline</c> with a 300 ms deadline and returns what arrived.
/// </summary>
public static class SearchScenario
{
    /// <summary>The strategies, in the order they are reported.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["sequential awaits", "Task.WhenAll", "ScatterGather.WithDeadline"];

    /// <summary>Runs the scenario.</summary>
    public static async Task<SearchReport> RunAsync(SearchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var farm = new ShardFarm(options.Shards, options.MinLatency, options.MaxLatency, options.Seed) { StuckLatency = options.StuckLatency };
        await using var host = await LoopbackHost.StartAsync(null, farm.Map).ConfigureAwait(false);
        using var client = LoadGenerator.CreateClient(host.BaseAddress);
        var before = new Search.Before.SearchFrontend(client, options.Shards);
        var after = new Search.After.SearchFrontend(client, options.Shards, options.Deadline);
        Func<string, CancellationToken, Task<SearchAnswer>>[] strategies = [before.SearchSequentialAsync, before.SearchAllAsync, after.SearchAsync];

        // Warm up the connections and the JIT, then one query each to show what an answer holds.
        foreach (var strategy in strategies)
        {
            await strategy("warmup", cancellationToken).ConfigureAwait(false);
        }

        var samples = new List<(string, SearchAnswer)>();
        for (var i = 0; i < strategies.Length; i++)
        {
            samples.Add((Strategies[i], await strategies[i]("advisor", cancellationToken).ConfigureAwait(false)));
        }

        var healthy = await RunAllAsync(strategies, options, cancellationToken).ConfigureAwait(false);
        farm.StuckShard = options.StuckShard;
        var stuck = await RunAllAsync(strategies, options, cancellationToken).ConfigureAwait(false);
        return new SearchReport(samples, healthy, stuck, options);
    }

    private static async Task<IReadOnlyList<SearchStrategyResult>> RunAllAsync(
        Func<string, CancellationToken, Task<SearchAnswer>>[] strategies, SearchOptions options, CancellationToken cancellationToken)
    {
        var results = new List<SearchStrategyResult>();
        for (var i = 0; i < strategies.Length; i++)
        {
            var inFlight = i == 0 ? options.ConcurrentSequentialQueries : options.ConcurrentQueries;
            var answers = await RunQueriesAsync(strategies[i], options.Queries, inFlight, cancellationToken).ConfigureAwait(false);
            results.Add(new SearchStrategyResult(
                Strategies[i],
                LatencyStats.From(answers.Select(a => a.Elapsed.TotalMilliseconds)),
                answers.Average(a => a.AnsweredShards.Count),
                answers.Sum(a => a.TimedOutShards.Count),
                answers.Average(a => a.Documents.Count)));
        }

        return results;
    }

    private static async Task<SearchAnswer[]> RunQueriesAsync(Func<string, CancellationToken, Task<SearchAnswer>> search, int queries, int inFlight, CancellationToken cancellationToken)
    {
        var answers = new SearchAnswer[queries];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(inFlight, queries)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queries)
            {
                answers[i] = await search("q" + i.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return answers;
    }
}
