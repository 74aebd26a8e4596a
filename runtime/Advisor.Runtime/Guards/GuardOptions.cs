using System;
using System.Net;
using System.Net.Http;
using Polly;

namespace Advisor;

/// <summary>
/// Configuration of one <c>Downstream.Guard</c>: a timeout per call inside a circuit breaker. The defaults suit an
/// interactive request path and are documented on each property.
/// </summary>
public sealed class GuardOptions
{
    /// <summary>How long one call may take before it is cancelled and counted as a failure. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The share of failed calls within <see cref="SamplingDuration"/> that opens the circuit, once at least
    /// <see cref="MinimumThroughput"/> calls were sampled. Default 0.5.
    /// </summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many calls must be sampled before the circuit can open. Default 5.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window failures are counted in. Default 10 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the circuit stays open (calls fail fast with <see cref="Polly.CircuitBreaker.BrokenCircuitException"/>)
    /// before it lets one probe call through. Default 30 seconds.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Decides which outcomes count as failures. Default (null): every exception except an
    /// <see cref="OperationCanceledException"/> the caller asked for (a <see cref="Polly.Timeout.TimeoutRejectedException"/> is a failure), and
    /// <see cref="HttpResponseMessage"/> results with status 5xx, 408 or 429.
    /// </summary>
    public Func<Outcome<object>, bool>? ShouldHandle { get; set; }

    /// <summary>Throws when the options cannot build a guard.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        OptionChecks.Positive(Timeout, nameof(Timeout));
        if (!(FailureRatio > 0 && FailureRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "FailureRatio must be in (0, 1].");
        }

        if (MinimumThroughput < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "MinimumThroughput must be at least 2.");
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingDuration), SamplingDuration, "SamplingDuration must be at least 500 ms.");
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentOutOfRangeException(nameof(BreakDuration), BreakDuration, "BreakDuration must be at least 500 ms.");
        }
    }

    /// <summary>Copies the options.</summary>
    /// <returns>A copy.</returns>
    public GuardOptions Clone() => (GuardOptions)MemberwiseClone();

    internal static bool DefaultShouldHandle(Outcome<object> outcome) => outcome switch
    {
        { Exception: OperationCanceledException } => false,
        { Exception: not null } => true,
        { Result: HttpResponseMessage response } => IsTransientFailure(response.StatusCode),
        _ => false,
    };

    private static bool IsTransientFailure(HttpStatusCode status)
        => (int)status >= 500 || status == HttpStatusCode.RequestTimeout || status == HttpStatusCode.TooManyRequests;
}
