using Advisor;
using BenchmarkDotNet.Attributes;

namespace Advisor.Benchmarks;

/// <summary>The cost of one offloaded work item against Task.Run (the ThreadPool) as baseline.</summary>
[MemoryDiagnoser]
public class OffloadBenchmarks
{
    private BlockingExecutor _blocking = null!;
    private CpuExecutor _cpu = null!;
    private int _value;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _blocking = new BlockingExecutor(new BlockingExecutorOptions { Name = "bench-blocking" });
        _cpu = new CpuExecutor(new CpuExecutorOptions { Name = "bench-cpu" });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _blocking.Dispose();
        _cpu.Dispose();
    }

    private int Work() => Interlocked.Increment(ref _value);

    [Benchmark(Baseline = true)]
    public Task TaskRun() => Run(() => Task.Run(Work));

    [Benchmark]
    public Task OffloadCpu() => Run(() => _cpu.RunAsync(Work));

    [Benchmark]
    public Task OffloadBlocking() => Run(() => _blocking.RunAsync(Work));

    private async Task Run(Func<Task<int>> submit)
    {
        if (Batch == 1)
        {
            await submit();
            return;
        }

        var tasks = new Task<int>[Batch];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = submit();
        }

        await Task.WhenAll(tasks);
    }
}
