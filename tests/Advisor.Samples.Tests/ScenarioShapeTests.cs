using Samples.Harness;
using Samples.Scenarios;

namespace Advisor.Samples.Tests;

/// <summary>
/// The demo's measurement code runs end to end with tiny counts and returns results of the right shape. These tests
/// check structure (counts, ordering, states), never timings: the numbers themselves live in samples/README.md.
/// One class, so the scenarios (which share the static <c>Downstream</c> registry and the ThreadPool) run one at a time.
/// </summary>
public sealed class ScenarioShapeTests
{
    [Fact]
    public async Task Gateway_measures_every_step_for_Before_and_After()
    {
        var options = new GatewayOptions(TimeSpan.FromMilliseconds(2), [new(2, 6), new(5, 10)], WarmupRequests: 1);

        var report = await GatewayScenario.RunAsync(options);

        foreach (var variant in new[] { report.Before, report.After })
        {
            Assert.Equal(options.Steps.Select(s => (s.Concurrency, s.Requests)), variant.Select(r => (r.Concurrency, r.Requests)));
            Assert.All(variant, r =>
            {
                Assert.Equal(0, r.Errors);
                Assert.Equal(r.Requests, r.Latency.Count);
                AssertOrdered(r.Latency);
                Assert.True(r.Throughput > 0);
            });
        }

        Assert.Equal(2, report.Format().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 2);
    }

    [Fact]
    public async Task Search_reports_three_strategies_healthy_and_with_a_stuck_shard()
    {
        var options = new SearchOptions(
            Shards: 8, MinLatency: TimeSpan.FromMilliseconds(5), MaxLatency: TimeSpan.FromMilliseconds(30), Deadline: TimeSpan.FromMilliseconds(100),
            Queries: 4, ConcurrentQueries: 2, ConcurrentSequentialQueries: 2, StuckShard: 3, StuckLatency: TimeSpan.FromMilliseconds(400), Seed: 1);

        var report = await SearchScenario.RunAsync(options);

        Assert.Equal(SearchScenario.Strategies, report.Samples.Select(s => s.Strategy));
        Assert.All(report.Samples, s =>
        {
            Assert.Equal(Enumerable.Range(0, 8), s.Answer.AnsweredShards.Concat(s.Answer.TimedOutShards).Order());
            Assert.Equal(s.Answer.AnsweredShards.Count == 0, s.Answer.Documents.Count == 0);
        });

        // Without a deadline, sequential awaits and Task.WhenAll always wait for every shard, stuck or not.
        foreach (var round in new[] { report.Healthy, report.Stuck })
        {
            Assert.Equal(SearchScenario.Strategies, round.Select(r => r.Strategy));
            Assert.All(round, r =>
            {
                Assert.Equal(options.Queries, r.Latency.Count);
                AssertOrdered(r.Latency);
                Assert.InRange(r.MeanShardsAnswered, 0, 8);
            });
            Assert.All(round.Take(2), r => Assert.Equal((8.0, 0), (r.MeanShardsAnswered, r.TimedOutShards)));
        }

        Assert.Contains("ScatterGather.WithDeadline", report.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_reports_every_phase_and_the_guarded_breaker_states()
    {
        var options = new CheckoutOptions(
            RequestsPerSecond: 20,
            [
                new("healthy", PaymentsMode.Healthy, TimeSpan.FromMilliseconds(500)),
                new("slow", PaymentsMode.Slow, TimeSpan.FromMilliseconds(700)),
                new("failing", PaymentsMode.Failing, TimeSpan.FromMilliseconds(700)),
                new("healthy again", PaymentsMode.Healthy, TimeSpan.FromMilliseconds(500)),
            ],
            SlowLatency: TimeSpan.FromMilliseconds(400));

        var report = await CheckoutScenario.RunAsync(options);

        foreach (var variant in new[] { report.Unguarded, report.Guarded })
        {
            Assert.Equal(options.Phases.Select(p => p.Name), variant.Phases.Select(p => p.Phase));
            Assert.All(variant.Phases, p =>
            {
                Assert.Equal(p.Requests, p.Latency.Count);
                Assert.InRange(p.Paid, 0, p.Requests);
                Assert.True(p.MaxInFlight >= 0 && p.DependencyCalls >= 0);
                AssertOrdered(p.Latency);
            });
            Assert.True(variant.Phases.Sum(p => p.Requests) > 0);
            Assert.True(variant.SickDependencyCalls >= 0);
        }

        Assert.Empty(report.Unguarded.Transitions);
        Assert.NotEmpty(report.Guarded.Transitions);
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Closed, report.Guarded.Transitions[0].State);
        Assert.All(report.Guarded.Transitions.Zip(report.Guarded.Transitions.Skip(1)), pair =>
        {
            Assert.NotEqual(pair.First.State, pair.Second.State);
            Assert.True(pair.First.At <= pair.Second.At);
        });
        Assert.Contains("breaker (guarded)", report.Format(), StringComparison.Ordinal);
    }

    private static void AssertOrdered(LatencyStats latency)
    {
        Assert.True(latency.P50 <= latency.P90 && latency.P90 <= latency.P99 && latency.P99 <= latency.Max, latency.ToString());
    }
}
