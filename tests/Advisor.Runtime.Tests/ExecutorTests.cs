using Advisor;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Advisor.Runtime.Tests;

public class ExecutorTests
{
    private static BlockingExecutor Blocking(int maxThreads = 4, int capacity = 16, FullQueueBehavior full = FullQueueBehavior.Wait,
        QueuedWorkOnDispose onDispose = QueuedWorkOnDispose.Drain, TimeSpan? idle = null, string? name = null)
        => new(new BlockingExecutorOptions
        {
            Name = name ?? TestSupport.UniqueName("blk"),
            MaxThreads = maxThreads,
            QueueCapacity = capacity,
            FullQueueBehavior = full,
            OnDispose = onDispose,
            IdleTimeout = idle ?? TimeSpan.FromSeconds(30),
        });

    [Fact]
    public async Task Grows_on_demand_up_to_the_maximum_and_queues_the_rest()
    {
        await using var executor = Blocking(maxThreads: 3);
        using var gate = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(i => executor.RunAsync(() => { gate.Wait(); return i; })).ToArray();

        await TestSupport.Eventually(() => executor.ActiveWorkers == 3, "three busy workers");
        Assert.Equal(3, executor.ThreadCount);
        Assert.Equal(5, executor.QueueLength);

        gate.Set();
        Assert.Equal(Enumerable.Range(0, 8), await Task.WhenAll(tasks).Within("all work"));
        Assert.True(executor.ThreadCount <= 3);
    }

    [Fact]
    public async Task Starts_threads_lazily_and_retires_idle_ones()
    {
        await using var executor = Blocking(maxThreads: 4, idle: TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, executor.ThreadCount);
        using var gate = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 4).Select(_ => executor.RunAsync(() => gate.Wait())).ToArray();
        await TestSupport.Eventually(() => executor.ThreadCount == 4, "four threads");
        gate.Set();
        await Task.WhenAll(tasks).Within("work");
        await TestSupport.Eventually(() => executor.ThreadCount == 0, "idle threads to retire");

        // And it grows again afterwards.
        Assert.Equal(5, await executor.RunAsync(() => 5).Within("work after retirement"));
    }

    [Fact]
    public async Task Full_queue_with_Reject_faults_with_a_typed_exception_and_counts_it()
    {
        var name = TestSupport.UniqueName("reject");
        using var rejections = new MetricCollector<long>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.ExecutorRejections);
        await using var executor = Blocking(maxThreads: 1, capacity: 2, full: FullQueueBehavior.Reject, name: name);
        using var gate = new ManualResetEventSlim();
        var running = executor.RunAsync(() => gate.Wait());
        await TestSupport.Eventually(() => executor.ActiveWorkers == 1, "one running");
        var queued = new[] { executor.RunAsync(() => 1), executor.RunAsync(() => 2) };

        var ran = false;
        var rejected = executor.RunAsync(() => { ran = true; });
        var ex = await Assert.ThrowsAsync<ExecutorRejectedException>(() => rejected);
        Assert.Equal(RejectionReason.QueueFull, ex.Reason);
        Assert.Equal(name, ex.ExecutorName);

        gate.Set();
        await running.Within("running");
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(queued).Within("queued"));
        Assert.False(ran);
        var measurement = Assert.Single(rejections.GetMeasurementSnapshot(), m => Equals(m.Tags["advisor.executor"], name));
        Assert.Equal(1, measurement.Value);
        Assert.Equal("queue_full", measurement.Tags["advisor.reason"]);
    }

    [Fact]
    public async Task Full_queue_with_Wait_holds_the_submission_until_a_slot_frees_and_honours_cancellation()
    {
        await using var executor = Blocking(maxThreads: 1, capacity: 1, full: FullQueueBehavior.Wait);
        using var gate = new ManualResetEventSlim();
        var running = executor.RunAsync(() => gate.Wait());
        await TestSupport.Eventually(() => executor.ActiveWorkers == 1, "one running");
        var queued = executor.RunAsync(() => "queued");
        var waiting = executor.RunAsync(() => "waited");
        using var cts = new CancellationTokenSource();
        var cancelledWhileWaiting = executor.RunAsync(() => "never", cts.Token);

        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWhileWaiting).Within("cancellation");

        gate.Set();
        Assert.Equal("queued", await queued.Within("queued"));
        Assert.Equal("waited", await waiting.Within("waiting"));
    }

    [Fact]
    public async Task Cancelling_a_queued_item_completes_it_at_once_and_it_never_runs()
    {
        await using var executor = Blocking(maxThreads: 1);
        using var gate = new ManualResetEventSlim();
        var running = executor.RunAsync(() => gate.Wait());
        await TestSupport.Eventually(() => executor.ActiveWorkers == 1, "one running");
        using var cts = new CancellationTokenSource();
        var ran = false;
        var queued = executor.RunAsync(() => { ran = true; }, cts.Token);
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued).Within("cancelled before the worker frees up");
        Assert.Equal(cts.Token, ex.CancellationToken);
        gate.Set();
        await running.Within("running");
        Assert.Equal(1, await executor.RunAsync(() => 1).Within("next"));
        Assert.False(ran);
    }

    [Fact]
    public async Task Work_that_throws_OperationCanceledException_for_its_own_token_is_cancelled_not_faulted()
    {
        await using var executor = Blocking();
        using var cts = new CancellationTokenSource();
        var task = executor.RunAsync(() => { cts.Cancel(); cts.Token.ThrowIfCancellationRequested(); }, cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task Disposal_with_Drain_runs_queued_work_then_rejects_new_work()
    {
        var executor = Blocking(maxThreads: 1, onDispose: QueuedWorkOnDispose.Drain);
        using var gate = new ManualResetEventSlim();
        var running = executor.RunAsync(() => gate.Wait());
        await TestSupport.Eventually(() => executor.ActiveWorkers == 1, "one running");
        var queued = Enumerable.Range(0, 5).Select(i => executor.RunAsync(() => i)).ToArray();

        var disposal = executor.DisposeAsync().AsTask();
        var late = executor.RunAsync(() => -1);
        Assert.Equal(RejectionReason.Disposed, (await Assert.ThrowsAsync<ExecutorRejectedException>(() => late)).Reason);
        Assert.False(disposal.IsCompleted);

        gate.Set();
        await disposal.Within("disposal");
        Assert.Equal(Enumerable.Range(0, 5), await Task.WhenAll(queued));
        Assert.Equal(0, executor.ThreadCount);
    }

    [Fact]
    public async Task Disposal_with_Reject_rejects_queued_work_and_lets_running_work_finish()
    {
        var executor = Blocking(maxThreads: 1, onDispose: QueuedWorkOnDispose.Reject);
        using var gate = new ManualResetEventSlim();
        var running = executor.RunAsync(() => { gate.Wait(); return "done"; });
        await TestSupport.Eventually(() => executor.ActiveWorkers == 1, "one running");
        var ran = 0;
        var queued = Enumerable.Range(0, 5).Select(_ => executor.RunAsync(() => { Interlocked.Increment(ref ran); })).ToArray();

        var disposal = executor.DisposeAsync().AsTask();
        foreach (var task in queued)
        {
            var ex = await Assert.ThrowsAsync<ExecutorRejectedException>(() => task).Within("rejection");
            Assert.Equal(RejectionReason.Disposed, ex.Reason);
        }

        gate.Set();
        Assert.Equal("done", await running.Within("running"));
        await disposal.Within("disposal");
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Synchronous_dispose_waits_for_running_work()
    {
        var executor = Blocking(maxThreads: 2);
        var finished = 0;
        var tasks = Enumerable.Range(0, 4).Select(_ => executor.RunAsync(() => { Thread.Sleep(30); Interlocked.Increment(ref finished); })).ToArray();
        await TestSupport.Eventually(() => executor.ActiveWorkers > 0, "work started");
        executor.Dispose();
        Assert.Equal(4, finished);
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task Nested_offload_from_inside_the_cpu_executor_runs_inline_instead_of_deadlocking()
    {
        await using var executor = new CpuExecutor(new CpuExecutorOptions { Name = TestSupport.UniqueName("cpu"), MaxDegreeOfParallelism = 1, QueueCapacity = 1 });
        var outer = executor.RunAsync(() =>
        {
            var outerThread = Environment.CurrentManagedThreadId;
            // Synchronously waiting on nested work would deadlock a one-thread executor if the work were queued.
            var inner = executor.RunAsync(() => Environment.CurrentManagedThreadId).GetAwaiter().GetResult();
            var innerFailure = executor.RunAsync(() => throw new InvalidOperationException("inner"));
            return (outerThread, inner, innerFailure.IsFaulted, executor.IsCurrentThreadWorker);
        });

        var (outerThread, innerThread, innerFaulted, onWorker) = await outer.Within("nested work");
        Assert.Equal(outerThread, innerThread);
        Assert.True(innerFaulted);
        Assert.True(onWorker);
    }

    [Fact]
    public async Task A_failing_work_item_never_kills_the_cpu_executor()
    {
        await using var executor = new CpuExecutor(new CpuExecutorOptions { Name = TestSupport.UniqueName("cpu"), MaxDegreeOfParallelism = 1 });
        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<DivideByZeroException>(() => executor.RunAsync(() => throw new DivideByZeroException()));
        }

        Assert.Equal(3, await executor.RunAsync(() => 1 + 2));
        Assert.True(executor.ThreadCount <= 1);
    }

    [Fact]
    public void Cpu_executor_is_as_wide_as_the_cores_by_default()
    {
        using var executor = new CpuExecutor();
        Assert.Equal(Environment.ProcessorCount, executor.MaxThreads);
        Assert.Equal(1024, executor.QueueCapacity);
    }

    [Fact]
    public async Task Continuations_of_the_returned_task_do_not_run_on_executor_threads()
    {
        await using var executor = Blocking(maxThreads: 1);
        await executor.RunAsync(() => { });
        Assert.False(executor.IsCurrentThreadWorker);
        await executor.RunAsync(() => 1);
        Assert.False(executor.IsCurrentThreadWorker);
    }

    [Fact]
    public async Task Queue_length_and_active_workers_are_published_per_executor()
    {
        var name = TestSupport.UniqueName("gauges");
        using var queueLength = new MetricCollector<int>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.ExecutorQueueLength);
        using var active = new MetricCollector<int>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.ExecutorActiveWorkers);
        using var wait = new MetricCollector<double>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.ExecutorQueueWait);
        await using var executor = Blocking(maxThreads: 2, name: name);
        using var gate = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 5).Select(_ => executor.RunAsync(() => gate.Wait())).ToArray();
        await TestSupport.Eventually(() => executor.ActiveWorkers == 2, "two running");

        queueLength.RecordObservableInstruments();
        active.RecordObservableInstruments();
        Assert.Equal(3, queueLength.GetMeasurementSnapshot().Last(m => Equals(m.Tags["advisor.executor"], name)).Value);
        Assert.Equal(2, active.GetMeasurementSnapshot().Last(m => Equals(m.Tags["advisor.executor"], name)).Value);

        gate.Set();
        await Task.WhenAll(tasks);
        Assert.Equal(5, wait.GetMeasurementSnapshot().Count(m => Equals(m.Tags["advisor.executor"], name)));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockingExecutor(new BlockingExecutorOptions { MaxThreads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuExecutor(new CpuExecutorOptions { QueueCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockingExecutor(new BlockingExecutorOptions { IdleTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new BlockingExecutor(new BlockingExecutorOptions { Name = " " }));
    }
}
