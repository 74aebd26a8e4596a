using Advisor;
using BenchmarkDotNet.Attributes;

namespace Advisor.Benchmarks;

/// <summary>A fan-out of 16 calls that all finish: ScatterGather.WithDeadline against Task.WhenAll (no deadline) as baseline.</summary>
[MemoryDiagnoser]
public class GatherBenchmarks
{
    private readonly int[] _items = Enumerable.Range(0, 16).ToArray();

    private static async Task<int> CallAsync(int item, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return item;
    }

    [Benchmark(Baseline = true)]
    public async Task<int> WhenAll()
    {
        var tasks = new Task<int>[_items.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = CallAsync(_items[i], CancellationToken.None);
        }

        return (await Task.WhenAll(tasks)).Length;
    }

    [Benchmark]
    public async Task<int> WhenAllWithDeadline()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var tasks = new Task<int>[_items.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = CallAsync(_items[i], cts.Token);
        }

        return (await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(1))).Length;
    }

    [Benchmark]
    public async Task<int> ScatterGatherWithDeadline()
        => (await ScatterGather.WithDeadline(_items, CallAsync, TimeSpan.FromSeconds(1))).Values.Count;
}
