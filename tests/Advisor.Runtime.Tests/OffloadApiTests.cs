using System.Diagnostics;
using Advisor;

namespace Advisor.Runtime.Tests;

/// <summary>The static front as the code fixes emit it: overload resolution and end-to-end behaviour.</summary>
[Collection("StaticFront")]
public class OffloadApiTests
{
    private static string ReadSetting(string key) => key + "=1";

    [Fact]
    public async Task Expression_lambda_with_a_value_binds_to_Func_of_T()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            Task<string> blocking = Offload.Blocking(() => File.ReadAllText(path));
            Task<string> cpu = Offload.Cpu(() => ReadSetting("a"), CancellationToken.None);
            Assert.Equal("hello", await blocking);
            Assert.Equal("a=1", await cpu);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Statement_lambda_binds_to_Action_and_runs()
    {
        var x = 0;
        Task task = Offload.Blocking(() => { x = 1; });
        await task;
        Assert.Equal(1, x);
        Assert.False(task is Task<Task>);

        var y = 0;
        await Offload.Cpu(() => { y = 2; }, CancellationToken.None);
        Assert.Equal(2, y);
    }

    [Fact]
    public async Task Async_lambdas_bind_to_the_task_overloads_and_are_unwrapped()
    {
        var ran = false;
        Task plain = Offload.Blocking(async () => { await Task.Yield(); ran = true; });
        await plain;
        Assert.True(ran);

        Task<int> valued = Offload.Cpu(async () => { await Task.Yield(); return 42; });
        Assert.Equal(42, await valued);

        int fromBlocking = await Offload.Blocking(async () => { await Task.Delay(1); return 7; }, CancellationToken.None);
        Assert.Equal(7, fromBlocking);
    }

    [Fact]
    public async Task Blocking_work_runs_on_a_dedicated_thread_not_the_thread_pool()
    {
        var (isPool, name) = await Offload.Blocking(() => (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
        Assert.False(isPool);
        Assert.StartsWith("Advisor blocking #", name);

        var cpuPool = await Offload.Cpu(() => Thread.CurrentThread.IsThreadPoolThread);
        Assert.False(cpuPool);
    }

    [Fact]
    public async Task Exceptions_reach_the_awaiting_caller()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Offload.Blocking(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", ex.Message);
        await Assert.ThrowsAsync<FormatException>(() => Offload.Cpu(() => int.Parse("x", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Cancelled_token_cancels_before_start()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var ran = false;
        var task = Offload.Blocking(() => { ran = true; }, cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
        Assert.False(ran);
    }

    [Fact]
    public async Task Downstream_guard_returns_a_polly_pipeline_that_runs_the_call()
    {
        var pipeline = Downstream.Guard("api-tests-orders");
        Assert.IsType<Polly.ResiliencePipeline>(pipeline);
        Assert.Same(pipeline, Downstream.Guard("api-tests-orders"));
        var value = await pipeline.ExecuteAsync(async ct => { await Task.Delay(1, ct); return 5; }, CancellationToken.None);
        Assert.Equal(5, value);
    }

    [Fact]
    public async Task ScatterGather_returns_values_and_per_item_status()
    {
        var result = await ScatterGather.WithDeadline(
            new[] { 1, 2, 3 },
            async (item, ct) =>
            {
                await Task.Delay(item == 3 ? Timeout.Infinite : 1, ct);
                return item * 10;
            },
            TimeSpan.FromMilliseconds(300),
            CancellationToken.None);

        Assert.True(result.DeadlineHit);
        Assert.Equal(new[] { 10, 20 }, result.Values);
        Assert.Equal(new[] { GatherStatus.Succeeded, GatherStatus.Succeeded, GatherStatus.TimedOut }, result.Items.Select(i => i.Status));
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(250), result.Elapsed.ToString());
    }

    [Fact]
    public async Task Activity_and_async_local_flow_into_offloaded_work()
    {
        var local = new AsyncLocal<string>();
        local.Value = "request-17";
        using var activity = new Activity("test").Start();
        var (seenLocal, seenActivity) = await Offload.Blocking(() => (local.Value, Activity.Current?.Id));
        Assert.Equal("request-17", seenLocal);
        Assert.Equal(activity.Id, seenActivity);
    }
}
