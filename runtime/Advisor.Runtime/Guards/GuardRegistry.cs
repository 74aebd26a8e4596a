using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;

namespace Advisor;

/// <summary>
/// Named guards: one Polly <see cref="ResiliencePipeline"/> per name, built on first use from that name's
/// <see cref="GuardOptions"/> (or <see cref="DefaultOptions"/>): a circuit breaker around a timeout, so a slow call
/// times out and counts as a failure. Each guard publishes its circuit state and its rejections (calls failed fast)
/// as metrics.
/// </summary>
public sealed class GuardRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GuardState>> _guards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GuardOptions> _configured = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private bool _disposed;

    /// <summary>Creates a registry with the default <see cref="GuardOptions"/>.</summary>
    public GuardRegistry()
        : this(null, null)
    {
    }

    /// <summary>Creates a registry.</summary>
    /// <param name="defaultOptions">Options for names without their own; validated. Default options when null.</param>
    /// <param name="timeProvider">The time source for timeouts and the circuit's clock; <see cref="TimeProvider.System"/> when null.</param>
    public GuardRegistry(GuardOptions? defaultOptions, TimeProvider? timeProvider = null)
    {
        DefaultOptions = (defaultOptions ?? new GuardOptions()).Clone();
        DefaultOptions.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The options of names that have none of their own.</summary>
    public GuardOptions DefaultOptions { get; }

    /// <summary>The names whose guard has been built.</summary>
    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)_guards.Keys;

    /// <summary>
    /// Sets the options of one name, starting from <see cref="DefaultOptions"/>. Must happen before the name's guard
    /// is first used: a built pipeline does not change.
    /// </summary>
    /// <param name="name">The guard name.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="InvalidOperationException">The guard was already built.</exception>
    public GuardRegistry Configure(string name, Action<GuardOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var options = _configured.TryGetValue(name, out var existing) ? existing.Clone() : DefaultOptions.Clone();
        configure(options);
        options.Validate();
        if (_guards.ContainsKey(name))
        {
            throw new InvalidOperationException($"The guard '{name}' is already in use; configure it before its first call.");
        }

        _configured[name] = options;
        return this;
    }

    /// <summary>The options the guard of <paramref name="name"/> is (or will be) built with.</summary>
    /// <param name="name">The guard name.</param>
    /// <returns>A copy of the options.</returns>
    public GuardOptions GetOptions(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return (_configured.TryGetValue(name, out var options) ? options : DefaultOptions).Clone();
    }

    /// <summary>The guard of <paramref name="name"/>, built on first use.</summary>
    /// <param name="name">The guard name, for example <c>"orders"</c>.</param>
    /// <returns>The pipeline: circuit breaker outside, timeout inside.</returns>
    public ResiliencePipeline Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return GetState(name).Pipeline;
    }

    /// <summary>The circuit state of <paramref name="name"/>; <see cref="CircuitState.Closed"/> before first use.</summary>
    /// <param name="name">The guard name.</param>
    /// <returns>The state.</returns>
    public CircuitState GetCircuitState(string name)
        => _guards.TryGetValue(name, out var guard) && guard.IsValueCreated ? guard.Value.CircuitState : CircuitState.Closed;

    /// <summary>How many calls the open circuit of <paramref name="name"/> failed fast so far.</summary>
    /// <param name="name">The guard name.</param>
    /// <returns>The count.</returns>
    public long GetRejectionCount(string name)
        => _guards.TryGetValue(name, out var guard) && guard.IsValueCreated ? guard.Value.Rejections : 0;

    /// <summary>Stops publishing metrics for this registry's guards. Pipelines already handed out keep working.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        foreach (var guard in _guards.Values)
        {
            if (guard.IsValueCreated)
            {
                AdvisorMetrics.Unregister(guard.Value);
            }
        }
    }

    private GuardState GetState(string name)
        => _guards.GetOrAdd(name, static (n, registry) => new Lazy<GuardState>(() => registry.Build(n)), this).Value;

    private GuardState Build(string name)
    {
        var options = GetOptions(name);
        var state = new GuardState(name);
        var shouldHandle = options.ShouldHandle ?? GuardOptions.DefaultShouldHandle;
        state.Pipeline = new ResiliencePipelineBuilder { Name = name, TimeProvider = _timeProvider }
            .AddStrategy(_ => new RejectionCountingStrategy(state), new RejectionCountingOptions())
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = name + "-circuit-breaker",
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = state.StateProvider,
                ShouldHandle = args => new ValueTask<bool>(shouldHandle(args.Outcome)),
            })
            .AddTimeout(new Polly.Timeout.TimeoutStrategyOptions { Name = name + "-timeout", Timeout = options.Timeout })
            .Build();
        if (!Volatile.Read(ref _disposed))
        {
            AdvisorMetrics.Register(state);
        }

        return state;
    }

    private sealed class RejectionCountingOptions : ResilienceStrategyOptions
    {
    }

    /// <summary>Outermost strategy: counts calls the circuit breaker failed fast.</summary>
    private sealed class RejectionCountingStrategy(GuardState state) : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
            ResilienceContext context,
            TState state1)
        {
            var outcome = await callback(context, state1).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Exception is BrokenCircuitException)
            {
                state.Rejected();
            }

            return outcome;
        }
    }
}

/// <summary>One built guard: its pipeline, its state provider and its rejection count.</summary>
internal sealed class GuardState(string name)
{
    private long _rejections;

    internal string Name { get; } = name;

    internal CircuitBreakerStateProvider StateProvider { get; } = new();

    internal ResiliencePipeline Pipeline { get; set; } = ResiliencePipeline.Empty;

    internal CircuitState CircuitState => StateProvider.CircuitState;

    internal long Rejections => Interlocked.Read(ref _rejections);

    internal void Rejected()
    {
        Interlocked.Increment(ref _rejections);
        AdvisorMetrics.CircuitRejected(Name);
    }
}
