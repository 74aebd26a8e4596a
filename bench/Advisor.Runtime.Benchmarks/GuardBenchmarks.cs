using Advisor;
using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;

namespace Advisor.Benchmarks;

/// <summary>A call through Downstream.Guard against the same Polly pipeline (circuit breaker around timeout) built by hand.</summary>
[MemoryDiagnoser]
public class GuardBenchmarks
{
    private ResiliencePipeline _raw = null!;
    private ResiliencePipeline _guard = null!;
    private GuardRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new GuardOptions();
        _raw = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.Timeout)
            .Build();
        _registry = new GuardRegistry();
        _guard = _registry.Get("bench");
    }

    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    private static async ValueTask<int> CallAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return 1;
    }

    [Benchmark(Baseline = true)]
    public ValueTask<int> RawPolly() => _raw.ExecuteAsync(static ct => CallAsync(ct), CancellationToken.None);

    [Benchmark]
    public ValueTask<int> DownstreamGuard() => _guard.ExecuteAsync(static ct => CallAsync(ct), CancellationToken.None);

    [Benchmark]
    public ValueTask<int> Unguarded() => CallAsync(CancellationToken.None);
}
