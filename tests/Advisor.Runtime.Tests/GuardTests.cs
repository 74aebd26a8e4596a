using Advisor;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Advisor.Runtime.Tests;

public class GuardTests
{
    private sealed class DependencyDown : Exception
    {
    }

    private sealed class FakeDependency
    {
        public int Invocations;

        public bool Healthy { get; set; }

        public async ValueTask<string> CallAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Invocations);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return Healthy ? "ok" : throw new DependencyDown();
        }
    }

    [Fact]
    public async Task Classic_scenario_five_failures_in_ten_seconds_open_the_circuit_then_one_probe_decides()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var name = TestSupport.UniqueName("orders");
        using var registry = new GuardRegistry(null, time);
        var guard = registry.Get(name);
        var dependency = new FakeDependency();
        var breakDuration = registry.GetOptions(name).BreakDuration;

        // 1. Five failures within ten seconds.
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DependencyDown>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
            Assert.Equal(i < 4 ? CircuitState.Closed : CircuitState.Open, registry.GetCircuitState(name));
            time.Advance(TimeSpan.FromSeconds(2));
        }

        // 2. Open: calls fail fast without invoking the dependency, and are counted.
        Assert.Equal(5, dependency.Invocations);
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<BrokenCircuitException>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
        }

        Assert.Equal(5, dependency.Invocations);
        Assert.Equal(3, registry.GetRejectionCount(name));

        // 3. After the break one probe goes through; concurrent calls still fail fast. The probe fails: open again.
        time.Advance(breakDuration);
        var probeGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = guard.ExecuteAsync(async ct =>
        {
            Interlocked.Increment(ref dependency.Invocations);
            await probeGate.Task;
            throw new DependencyDown();
        }, CancellationToken.None).AsTask();
        Assert.Equal(CircuitState.HalfOpen, registry.GetCircuitState(name));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
        Assert.Equal(6, dependency.Invocations);
        probeGate.SetResult();
        await Assert.ThrowsAsync<DependencyDown>(() => probe);
        Assert.Equal(CircuitState.Open, registry.GetCircuitState(name));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
        Assert.Equal(6, dependency.Invocations);

        // 4. After the next break the probe succeeds: closed, and calls reach the dependency again.
        time.Advance(breakDuration);
        dependency.Healthy = true;
        Assert.Equal("ok", await guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None));
        Assert.Equal(CircuitState.Closed, registry.GetCircuitState(name));
        Assert.Equal("ok", await guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None));
        Assert.Equal(8, dependency.Invocations);
        Assert.Equal(5, registry.GetRejectionCount(name));
    }

    [Fact]
    public async Task Failures_spread_wider_than_the_sampling_window_do_not_open_the_circuit()
    {
        var time = new FakeTimeProvider();
        var name = TestSupport.UniqueName("sparse");
        using var registry = new GuardRegistry(null, time);
        var guard = registry.Get(name);
        var dependency = new FakeDependency();
        for (var i = 0; i < 8; i++)
        {
            await Assert.ThrowsAsync<DependencyDown>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
            time.Advance(TimeSpan.FromSeconds(6));
        }

        Assert.Equal(CircuitState.Closed, registry.GetCircuitState(name));
        Assert.Equal(8, dependency.Invocations);
    }

    [Fact]
    public async Task The_timeout_sits_inside_the_breaker_so_slow_calls_time_out_and_count_as_failures()
    {
        var time = new FakeTimeProvider();
        var name = TestSupport.UniqueName("slow");
        using var registry = new GuardRegistry(null, time);
        registry.Configure(name, o => o.Timeout = TimeSpan.FromSeconds(2));
        var guard = registry.Get(name);
        for (var i = 0; i < 5; i++)
        {
            var observedCancellation = false;
            var call = guard.ExecuteAsync(async ct =>
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
                }
                catch (OperationCanceledException)
                {
                    observedCancellation = true;
                    throw;
                }
            }, CancellationToken.None).AsTask();
            time.Advance(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAsync<TimeoutRejectedException>(() => call).Within("timeout");
            Assert.True(observedCancellation);
        }

        Assert.Equal(CircuitState.Open, registry.GetCircuitState(name));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_dependency_failure()
    {
        var name = TestSupport.UniqueName("cancel");
        using var registry = new GuardRegistry();
        var guard = registry.Get(name);
        for (var i = 0; i < 10; i++)
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => guard.ExecuteAsync(ct => { ct.ThrowIfCancellationRequested(); return ValueTask.CompletedTask; }, cts.Token).AsTask());
        }

        Assert.Equal(CircuitState.Closed, registry.GetCircuitState(name));
    }

    [Fact]
    public void Per_name_configuration_overrides_the_documented_defaults()
    {
        using var registry = new GuardRegistry(new GuardOptions { Timeout = TimeSpan.FromSeconds(3) });
        registry.Configure("payments", o => { o.BreakDuration = TimeSpan.FromMinutes(1); o.MinimumThroughput = 20; });
        var payments = registry.GetOptions("payments");
        Assert.Equal(TimeSpan.FromMinutes(1), payments.BreakDuration);
        Assert.Equal(20, payments.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(3), payments.Timeout);

        var defaults = new GuardOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.Timeout);
        Assert.Equal(0.5, defaults.FailureRatio);
        Assert.Equal(5, defaults.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.SamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.BreakDuration);

        Assert.NotSame(registry.Get("payments"), registry.Get("orders"));
        Assert.Throws<InvalidOperationException>(() => registry.Configure("payments", o => o.Timeout = TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Configure("bad", o => o.FailureRatio = 2));
    }

    [Fact]
    public async Task Circuit_state_gauge_and_rejection_counter_are_published_per_name()
    {
        var time = new FakeTimeProvider();
        var name = TestSupport.UniqueName("metered");
        using var state = new MetricCollector<int>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.CircuitState);
        using var rejections = new MetricCollector<long>(null, AdvisorTelemetry.MeterName, AdvisorTelemetry.CircuitRejections);
        using var registry = new GuardRegistry(null, time);
        var guard = registry.Get(name);
        var dependency = new FakeDependency();

        state.RecordObservableInstruments();
        Assert.Equal(0, state.GetMeasurementSnapshot().Last(m => Equals(m.Tags["advisor.guard"], name)).Value);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DependencyDown>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => guard.ExecuteAsync(dependency.CallAsync, CancellationToken.None).AsTask());
        state.RecordObservableInstruments();
        Assert.Equal(1, state.GetMeasurementSnapshot().Last(m => Equals(m.Tags["advisor.guard"], name)).Value);
        Assert.Equal(1, rejections.GetMeasurementSnapshot().Where(m => Equals(m.Tags["advisor.guard"], name)).Sum(m => m.Value));
    }

    [Fact]
    public async Task Static_front_returns_one_pipeline_per_name()
    {
        var name = TestSupport.UniqueName("static");
        Assert.Same(Downstream.Guard(name), Downstream.Guard(name));
        Assert.Equal(3, await Downstream.Guard(name).ExecuteAsync(static _ => ValueTask.FromResult(3), CancellationToken.None));
        Assert.Contains(name, Downstream.Registry.Names);
    }
}
