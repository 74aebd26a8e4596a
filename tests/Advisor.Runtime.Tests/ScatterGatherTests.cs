using System.Collections.Concurrent;
using Advisor;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Advisor.Runtime.Tests;

public class ScatterGatherTests
{
    private sealed class StragglerFailure(string marker) : Exception(marker)
    {
    }

    [Fact]
    public async Task Returns_when_all_finish_before_the_deadline()
    {
        var result = await ScatterGather.WithDeadline(Enumerable.Range(1, 5), (i, ct) => Task.FromResult(i * i), TimeSpan.FromSeconds(30));
        Assert.False(result.DeadlineHit);
        Assert.True(result.AllSucceeded);
        Assert.Equal(new[] { 1, 4, 9, 16, 25 }, result.Values);
        Assert.All(result.Items, i => Assert.True(i.Started));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Empty_input_returns_an_empty_result()
    {
        var result = await ScatterGather.WithDeadline(Array.Empty<int>(), (i, ct) => Task.FromResult(i), TimeSpan.FromSeconds(1));
        Assert.Empty(result.Values);
        Assert.Empty(result.Items);
        Assert.False(result.DeadlineHit);
    }

    [Fact]
    public async Task Deadline_on_a_fake_clock_times_out_pending_items_and_cancels_their_tokens()
    {
        var time = new FakeTimeProvider();
        var tokens = new ConcurrentDictionary<int, CancellationToken>();
        var started = new CountdownEvent(3);
        var gather = ScatterGather.WithDeadline(
            new[] { 0, 1, 2 },
            async (i, ct) =>
            {
                tokens[i] = ct;
                started.Signal();
                if (i == 0)
                {
                    return "fast";
                }

                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return "never";
            },
            TimeSpan.FromMilliseconds(300),
            new GatherOptions { TimeProvider = time });

        Assert.True(started.Wait(TestSupport.Patience));
        await TestSupport.Eventually(() => !gather.IsCompleted, "gather pending");
        time.Advance(TimeSpan.FromMilliseconds(299));
        await Task.Delay(20);
        Assert.False(gather.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await gather.Within("deadline");

        Assert.True(result.DeadlineHit);
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Elapsed);
        Assert.Equal(new[] { "fast" }, result.Values);
        Assert.Equal(new[] { GatherStatus.Succeeded, GatherStatus.TimedOut, GatherStatus.TimedOut }, result.Items.Select(i => i.Status));
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Items[1].Elapsed);
        await TestSupport.Eventually(() => tokens[1].IsCancellationRequested && tokens[2].IsCancellationRequested, "stragglers cancelled");
    }

    [Fact]
    public async Task A_call_that_blocks_before_its_first_await_delays_neither_the_others_nor_the_deadline()
    {
        using var release = new ManualResetEventSlim();
        var result = await ScatterGather.WithDeadline(
            new[] { "blocker", "a", "b" },
            async (item, ct) =>
            {
                if (item == "blocker")
                {
                    release.Wait(TestSupport.Patience); // synchronous, before any await
                }

                await Task.Yield();
                return item;
            },
            TimeSpan.FromMilliseconds(200)).Within("gather despite a blocking call");
        release.Set();

        Assert.True(result.DeadlineHit);
        Assert.Equal(new[] { "a", "b" }, result.Values);
        Assert.Equal(GatherStatus.TimedOut, result.Items[0].Status);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), result.Elapsed.ToString());
    }

    [Fact]
    public async Task Faults_are_reported_per_item_whether_thrown_synchronously_or_from_the_task()
    {
        var result = await ScatterGather.WithDeadline<int, int>(
            new[] { 0, 1, 2, 3 },
            (i, ct) => i switch
            {
                0 => throw new ArgumentException("sync"),
                1 => Task.FromException<int>(new InvalidOperationException("async")),
                2 => null!,
                _ => Task.FromResult(3),
            },
            TimeSpan.FromSeconds(10));

        Assert.False(result.DeadlineHit);
        Assert.Equal(3, result.FaultedCount);
        Assert.IsType<ArgumentException>(result.Items[0].Exception);
        Assert.IsType<InvalidOperationException>(result.Items[1].Exception);
        Assert.IsType<InvalidOperationException>(result.Items[2].Exception);
        Assert.Equal(new[] { 3 }, result.Values);
        Assert.Null(result.Items[3].Exception);
    }

    [Fact]
    public async Task Straggler_exceptions_after_the_deadline_are_observed_never_unobserved()
    {
        var marker = Guid.NewGuid().ToString();
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == marker))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var lateFailures = 0;
            for (var round = 0; round < 20; round++)
            {
                var result = await ScatterGather.WithDeadline(
                    Enumerable.Range(0, 10),
                    async (i, ct) =>
                    {
                        if (i % 2 == 0)
                        {
                            return i;
                        }

                        try
                        {
                            await Task.Delay(Timeout.Infinite, ct);
                        }
                        catch (OperationCanceledException)
                        {
                            Interlocked.Increment(ref lateFailures);
                            throw new StragglerFailure(marker); // faults after the gather returned
                        }

                        return i;
                    },
                    TimeSpan.FromMilliseconds(20));
                Assert.Equal(5, result.TimedOutCount);
            }

            await TestSupport.Eventually(() => Volatile.Read(ref lateFailures) == 100, "every straggler to fail");
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Equal(0, unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    [Fact]
    public async Task Minimum_results_returns_as_soon_as_the_quorum_succeeded()
    {
        var tokens = new ConcurrentBag<CancellationToken>();
        var result = await ScatterGather.WithDeadline(
            Enumerable.Range(0, 5),
            async (i, ct) =>
            {
                if (i >= 2)
                {
                    tokens.Add(ct);
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return i;
            },
            TimeSpan.FromSeconds(30),
            new GatherOptions { MinimumResults = 2 }).Within("quorum");

        Assert.False(result.DeadlineHit);
        Assert.Equal(new[] { 0, 1 }, result.Values);
        Assert.Equal(3, result.SkippedCount);
        Assert.All(result.Items.Skip(2), i => Assert.Equal(GatherStatus.Skipped, i.Status));
        await TestSupport.Eventually(() => tokens.All(t => t.IsCancellationRequested), "skipped calls cancelled");
    }

    [Fact]
    public async Task Max_concurrency_limits_calls_in_flight_and_still_gathers_everything()
    {
        var inFlight = 0;
        var peak = 0;
        var result = await ScatterGather.WithDeadline(
            Enumerable.Range(0, 12),
            async (i, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, ct);
                Interlocked.Decrement(ref inFlight);
                return i;
            },
            TimeSpan.FromSeconds(30),
            new GatherOptions { MaxConcurrency = 3 }).Within("limited gather");

        Assert.True(result.AllSucceeded);
        Assert.Equal(Enumerable.Range(0, 12), result.Values);
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Items_never_started_before_the_deadline_are_timed_out_and_not_started()
    {
        var result = await ScatterGather.WithDeadline(
            Enumerable.Range(0, 4),
            async (i, ct) => { await Task.Delay(Timeout.Infinite, ct); return i; },
            TimeSpan.FromMilliseconds(50),
            new GatherOptions { MaxConcurrency = 1 }).Within("gather");
        Assert.True(result.Items[0].Started);
        Assert.All(result.Items.Skip(1), i => Assert.False(i.Started));
        Assert.Equal(4, result.TimedOutCount);
        Assert.Equal(TimeSpan.Zero, result.Items[3].Elapsed);
    }

    [Fact]
    public async Task Hedging_starts_one_backup_for_a_slow_item_and_the_first_success_wins()
    {
        var time = new FakeTimeProvider();
        var attempts = new ConcurrentDictionary<int, int>();
        var primaryToken = new TaskCompletionSource<CancellationToken>();
        var gather = ScatterGather.WithDeadline(
            new[] { 0, 1 },
            async (i, ct) =>
            {
                var attempt = attempts.AddOrUpdate(i, 1, (_, n) => n + 1);
                if (i == 0 && attempt == 1)
                {
                    primaryToken.SetResult(ct);
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                }

                return i * 100 + attempt;
            },
            TimeSpan.FromSeconds(5),
            new GatherOptions { HedgeDelay = TimeSpan.FromMilliseconds(100), TimeProvider = time });

        var primary = await primaryToken.Task.Within("primary started");
        await TestSupport.Eventually(() => attempts.ContainsKey(1), "item 1 started");
        time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await gather.Within("hedged gather");

        Assert.Equal(new[] { 2, 101 }, result.Values);
        Assert.True(result.Items[0].Hedged);
        Assert.False(result.Items[1].Hedged);
        Assert.Equal(2, attempts[0]);
        Assert.Equal(1, attempts[1]);
        await TestSupport.Eventually(() => primary.IsCancellationRequested, "losing primary cancelled");
    }

    [Fact]
    public async Task Caller_cancellation_cancels_the_gather_and_every_call()
    {
        using var cts = new CancellationTokenSource();
        var tokens = new ConcurrentBag<CancellationToken>();
        var gather = ScatterGather.WithDeadline(
            Enumerable.Range(0, 3),
            async (i, ct) => { tokens.Add(ct); await Task.Delay(Timeout.Infinite, ct); return i; },
            TimeSpan.FromSeconds(30),
            cts.Token);
        await TestSupport.Eventually(() => tokens.Count == 3, "calls started");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather).Within("cancellation");
        await TestSupport.Eventually(() => tokens.All(t => t.IsCancellationRequested), "calls cancelled");
    }

    [Fact]
    public async Task Outcomes_are_published_as_metrics()
    {
        using var items = new MetricCollector<long>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.GatherItems);
        var time = new FakeTimeProvider();
        var gather = ScatterGather.WithDeadline(
            Enumerable.Range(0, 3),
            async (i, ct) =>
            {
                if (i == 2)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                }

                return i == 1 ? throw new InvalidOperationException() : i;
            },
            TimeSpan.FromSeconds(1),
            new GatherOptions { TimeProvider = time });
        await TestSupport.Eventually(() => true, "start");
        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(1));
        await gather.Within("gather");
        var snapshot = items.GetMeasurementSnapshot();
        Assert.Contains(snapshot, m => Equals(m.Tags["advisor.outcome"], "succeeded"));
        Assert.Contains(snapshot, m => Equals(m.Tags["advisor.outcome"], "faulted"));
        Assert.Contains(snapshot, m => Equals(m.Tags["advisor.outcome"], "timed_out"));
    }

    [Fact]
    public async Task Stress_many_concurrent_gathers_account_for_every_item()
    {
        var gathers = Enumerable.Range(0, 200).Select(g => ScatterGather.WithDeadline(
            Enumerable.Range(0, 10),
            async (i, ct) =>
            {
                var delay = (g * 7 + i * 13) % 40;
                await Task.Delay(delay, ct);
                if ((g + i) % 9 == 0)
                {
                    throw new InvalidOperationException();
                }

                return i;
            },
            TimeSpan.FromMilliseconds(25),
            new GatherOptions
            {
                MaxConcurrency = g % 3 == 0 ? 4 : null,
                MinimumResults = g % 5 == 0 ? 6 : null,
                HedgeDelay = g % 4 == 0 ? TimeSpan.FromMilliseconds(10) : null,
            })).ToArray();

        var results = await Task.WhenAll(gathers).Within("200 gathers");
        foreach (var result in results)
        {
            Assert.Equal(10, result.Items.Count);
            Assert.Equal(10, result.SucceededCount + result.FaultedCount + result.TimedOutCount + result.SkippedCount);
            Assert.Equal(result.SucceededCount, result.Values.Count);
            Assert.All(result.Items.Where(i => i.Status == GatherStatus.Faulted), i => Assert.NotNull(i.Exception));
        }
    }

    [Fact]
    public async Task Arguments_are_validated()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ScatterGather.WithDeadline(new[] { 1 }, (i, ct) => Task.FromResult(i), TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ScatterGather.WithDeadline(new[] { 1 }, (i, ct) => Task.FromResult(i), TimeSpan.FromSeconds(1), new GatherOptions { MinimumResults = 0 }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ScatterGather.WithDeadline<int, int>(null!, (i, ct) => Task.FromResult(i), TimeSpan.FromSeconds(1)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
