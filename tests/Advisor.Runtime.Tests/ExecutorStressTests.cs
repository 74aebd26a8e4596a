using Advisor;

namespace Advisor.Runtime.Tests;

/// <summary>
/// Many producers, cancellation races and disposal while busy. Each test accounts for every submission: it ran and
/// completed (or faulted with the work's own exception), was cancelled before it started, or was rejected, and the
/// side effects agree with the task outcomes.
/// </summary>
public class ExecutorStressTests
{
    private sealed class Ledger
    {
        public int Executed;
        public int Succeeded;
        public int Faulted;
        public int Cancelled;
        public int QueueFull;
        public int Disposed;

        public int Total => Succeeded + Faulted + Cancelled + QueueFull + Disposed;

        public void Record(Task task)
        {
            if (task.IsCompletedSuccessfully)
            {
                Interlocked.Increment(ref Succeeded);
            }
            else if (task.IsCanceled)
            {
                Interlocked.Increment(ref Cancelled);
            }
            else
            {
                switch (task.Exception!.InnerException)
                {
                    case ExecutorRejectedException { Reason: RejectionReason.QueueFull }: Interlocked.Increment(ref QueueFull); break;
                    case ExecutorRejectedException { Reason: RejectionReason.Disposed }: Interlocked.Increment(ref Disposed); break;
                    case WorkFailedException: Interlocked.Increment(ref Faulted); break;
                    default: throw new InvalidOperationException("Unexpected outcome", task.Exception);
                }
            }
        }
    }

    private sealed class WorkFailedException : Exception
    {
    }

    private static async Task<Ledger> Hammer(OffloadExecutor executor, int producers, int perProducer, Func<Task>? midway = null)
    {
        var ledger = new Ledger();
        var tasks = new Task[producers * perProducer];
        using var start = new Barrier(producers + 1);
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            var random = new Random(p);
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++)
            {
                var kind = random.Next(10);
                CancellationToken token = default;
                CancellationTokenSource? cts = null;
                if (kind == 0)
                {
                    cts = new CancellationTokenSource();
                    token = cts.Token;
                }

                var fail = kind == 1;
                var spin = random.Next(200);
                tasks[(p * perProducer) + i] = executor.RunAsync(() =>
                {
                    Interlocked.Increment(ref ledger.Executed);
                    Thread.SpinWait(spin);
                    if (fail)
                    {
                        throw new WorkFailedException();
                    }

                    return spin;
                }, token);

                // Cancel racing with the worker picking the item up.
                cts?.Cancel();
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        if (midway is not null)
        {
            await Task.Delay(5);
            await midway();
        }

        threads.ForEach(t => t.Join());
        try
        {
            await Task.WhenAll(tasks).Within("every submission to complete");
        }
        catch (Exception) when (tasks.All(t => t.IsCompleted))
        {
            // Outcomes are checked one by one below.
        }

        foreach (var task in tasks)
        {
            ledger.Record(task);
        }

        Assert.Equal(tasks.Length, ledger.Total);
        // Whatever ran either succeeded or faulted with its own exception; nothing that ran was reported as
        // cancelled or rejected, and nothing cancelled or rejected ran.
        Assert.Equal(ledger.Executed, ledger.Succeeded + ledger.Faulted);
        return ledger;
    }

    [Fact]
    public async Task Many_producers_with_cancellation_races_and_a_small_rejecting_queue_lose_nothing()
    {
        await using var executor = new BlockingExecutor(new BlockingExecutorOptions
        {
            Name = TestSupport.UniqueName("stress-reject"), MaxThreads = 4, QueueCapacity = 8, FullQueueBehavior = FullQueueBehavior.Reject,
        });
        var ledger = await Hammer(executor, producers: 8, perProducer: 2_000);
        Assert.True(ledger.QueueFull > 0, "the small queue should have rejected some work");
        Assert.True(ledger.Succeeded > 0);
        Assert.Equal(0, ledger.Disposed);
    }

    [Fact]
    public async Task Many_producers_waiting_for_slots_lose_nothing()
    {
        await using var executor = new CpuExecutor(new CpuExecutorOptions
        {
            Name = TestSupport.UniqueName("stress-wait"), MaxDegreeOfParallelism = 2, QueueCapacity = 4, FullQueueBehavior = FullQueueBehavior.Wait,
        });
        var ledger = await Hammer(executor, producers: 6, perProducer: 1_500);
        Assert.Equal(0, ledger.QueueFull);
        Assert.Equal(0, ledger.Disposed);
        Assert.True(ledger.Cancelled > 0, "some cancellations should win the race");
    }

    [Theory]
    [InlineData(QueuedWorkOnDispose.Drain, FullQueueBehavior.Wait)]
    [InlineData(QueuedWorkOnDispose.Reject, FullQueueBehavior.Wait)]
    [InlineData(QueuedWorkOnDispose.Reject, FullQueueBehavior.Reject)]
    public async Task Disposal_while_busy_loses_nothing(QueuedWorkOnDispose onDispose, FullQueueBehavior full)
    {
        var executor = new BlockingExecutor(new BlockingExecutorOptions
        {
            Name = TestSupport.UniqueName("stress-dispose"), MaxThreads = 3, QueueCapacity = 16, FullQueueBehavior = full, OnDispose = onDispose,
        });
        var ledger = await Hammer(executor, producers: 6, perProducer: 1_500, midway: () => executor.DisposeAsync().AsTask().Within("disposal"));
        Assert.True(ledger.Disposed > 0, "work submitted after disposal must be rejected");
        Assert.Equal(0, executor.ThreadCount);
        Assert.Equal(0, executor.QueueLength);
    }

    [Fact]
    public async Task Concurrent_disposals_and_submissions_complete()
    {
        for (var round = 0; round < 20; round++)
        {
            var executor = new BlockingExecutor(new BlockingExecutorOptions { Name = TestSupport.UniqueName("race"), MaxThreads = 2, QueueCapacity = 4 });
            var submissions = Enumerable.Range(0, 50).Select(i => Task.Factory.StartNew(() => executor.RunAsync(() => i), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)).ToArray();
            var disposals = Enumerable.Range(0, 3).Select(_ => Task.Run(() => executor.DisposeAsync().AsTask())).ToArray();
            await Task.WhenAll(disposals).Within("disposals");
            foreach (var submission in submissions)
            {
                var task = await submission;
                await Task.WhenAny(task).Within("submission outcome");
                Assert.True(task.IsCompletedSuccessfully || task.Exception?.InnerException is ExecutorRejectedException { Reason: RejectionReason.Disposed });
            }
        }
    }
}
