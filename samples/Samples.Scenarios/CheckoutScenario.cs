using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Polly.CircuitBreaker;
using Samples.Harness;

namespace Samples.Scenarios;

/// <summary>One phase of the payments service's health.</summary>
public sealed record CheckoutPhase(string Name, PaymentsMode Mode, TimeSpan Duration);

/// <summary>Counts of the checkout scenario.</summary>
/// <param name="RequestsPerSecond">Checkout requests started per second, whatever the responses do (open loop).</param>
/// <param name="Phases">The payments service's health over time.</param>
/// <param name="SlowLatency">The payments latency in the slow phase.</param>
public sealed record CheckoutOptions(double RequestsPerSecond, IReadOnlyList<CheckoutPhase> Phases, TimeSpan SlowLatency)
{
    /// <summary>The demo's counts: 50 checkouts/s; payments healthy 2 s, slow (2 s answers) 3 s, failing 3 s, healthy 3 s.</summary>
    public static CheckoutOptions Demo { get; } = new(
        50,
        [
            new("healthy", PaymentsMode.Healthy, TimeSpan.FromSeconds(2)),
            new("slow", PaymentsMode.Slow, TimeSpan.FromSeconds(3)),
            new("failing", PaymentsMode.Failing, TimeSpan.FromSeconds(3)),
            new("healthy again", PaymentsMode.Healthy, TimeSpan.FromSeconds(3)),
        ],
        TimeSpan.FromSeconds(2));
}

/// <summary>How checkouts did in one phase.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Requests">Checkouts started in the phase.</param>
/// <param name="Paid">Of those, checkouts that were paid.</param>
/// <param name="Latency">Their latency.</param>
/// <param name="MaxInFlight">The most checkout requests in flight at the service during the phase.</param>
/// <param name="DependencyCalls">Calls that reached the payments service during the phase.</param>
public sealed record CheckoutPhaseResult(string Phase, int Requests, int Paid, LatencyStats Latency, int MaxInFlight, long DependencyCalls);

/// <summary>A circuit state change, at its offset from the start of the run.</summary>
public sealed record BreakerTransition(TimeSpan At, string Phase, CircuitState State);

/// <summary>One variant (unguarded or guarded) of the checkout scenario.</summary>
public sealed record CheckoutVariant(string Name, IReadOnlyList<CheckoutPhaseResult> Phases, long SickDependencyCalls, IReadOnlyList<BreakerTransition> Transitions);

/// <summary>The checkout scenario's numbers.</summary>
public sealed record CheckoutReport(CheckoutVariant Unguarded, CheckoutVariant Guarded)
{
    /// <summary>The per-phase table and the breaker's transitions.</summary>
    public string Format()
    {
        var rows = Unguarded.Phases.Zip(Guarded.Phases, (u, g) => new[]
        {
            u.Phase,
            Table.Ms(u.Latency.P50), Table.Ms(g.Latency.P50),
            Table.Ms(u.Latency.P99), Table.Ms(g.Latency.P99),
            u.MaxInFlight.ToString(CultureInfo.InvariantCulture), g.MaxInFlight.ToString(CultureInfo.InvariantCulture),
            u.DependencyCalls.ToString(CultureInfo.InvariantCulture), g.DependencyCalls.ToString(CultureInfo.InvariantCulture),
            $"{u.Paid}/{u.Requests}", $"{g.Paid}/{g.Requests}",
        });
        var text = new StringBuilder(Table.Format(
            ["payments", "p50 unguarded", "p50 guarded", "p99 unguarded", "p99 guarded", "in flight U", "in flight G", "calls reaching payments U", "G", "paid U", "paid G"],
            rows));
        text.Append(CultureInfo.InvariantCulture, $"calls that reached the sick dependency (slow + failing): unguarded {Unguarded.SickDependencyCalls}, guarded {Guarded.SickDependencyCalls}\n");
        text.Append("breaker (guarded): ");
        text.Append(string.Join(" -> ", Guarded.Transitions.Select(t => $"{t.State} @{Table.N1(t.At.TotalSeconds)}s ({t.Phase})")));
        text.Append('\n');
        return text.ToString();
    }
}

/// <summary>
/// Checkout, circuit breaker: a checkout service calls a real payments service on loopback that is healthy, then slow,
/// then failing, then healthy again. Before calls it unguarded; After through <c>Downstream.Guard("payments")</c>.
/// </summary>
public static class CheckoutScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<CheckoutReport> RunAsync(CheckoutOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unguarded = await RunVariantAsync("unguarded", guarded: false, options, cancellationToken).ConfigureAwait(false);
        var guarded = await RunVariantAsync("guarded", guarded: true, options, cancellationToken).ConfigureAwait(false);
        return new CheckoutReport(unguarded, guarded);
    }

    private static async Task<CheckoutVariant> RunVariantAsync(string name, bool guarded, CheckoutOptions options, CancellationToken cancellationToken)
    {
        var payments = new PaymentsService { SlowLatency = options.SlowLatency };
        await using var paymentsHost = await LoopbackHost.StartAsync(null, payments.Map).ConfigureAwait(false);
        using var paymentsClient = new HttpClient { BaseAddress = paymentsHost.BaseAddress };
        var auditPath = Path.Combine(Path.GetTempPath(), $"advisor-checkout-audit-{Environment.ProcessId}-{name}.log");
        var registry = new GuardRegistry();
        if (guarded)
        {
            // A fresh registry per run, so the breaker starts closed, configured as the After app's startup does.
            Checkout.After.CheckoutEndpoints.ConfigureGuard(registry);
            Downstream.UseRegistry(registry);
        }

        var gauge = new InFlightGauge();
        await using var checkoutHost = await LoopbackHost.StartAsync(null, app =>
        {
            gauge.Use(app);
            if (guarded)
            {
                Checkout.After.CheckoutEndpoints.MapCheckout(app, paymentsClient, auditPath);
            }
            else
            {
                Checkout.Before.CheckoutEndpoints.MapCheckout(app, paymentsClient, auditPath);
            }
        }).ConfigureAwait(false);
        using var client = LoadGenerator.CreateClient(checkoutHost.BaseAddress);

        // Warm up while healthy, outside the measurement.
        for (var i = 0; i < 5; i++)
        {
            using var warm = await client.PostAsync(new Uri("checkout/warmup-" + i.ToString(CultureInfo.InvariantCulture), UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        }

        var phaseCount = options.Phases.Count;
        var maxInFlight = new int[phaseCount];
        var dependencyCalls = new long[phaseCount];
        var transitions = new List<BreakerTransition>();
        var currentPhase = 0;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The conductor switches the payments service's health and samples the gauges every 5 ms.
        var conductor = Task.Run(
            async () =>
            {
                var lastState = registry.GetCircuitState(Checkout.After.CheckoutEndpoints.PaymentsGuard);
                if (guarded)
                {
                    transitions.Add(new BreakerTransition(TimeSpan.Zero, options.Phases[0].Name, lastState));
                }

                var phaseEnd = TimeSpan.Zero;
                for (var p = 0; p < phaseCount; p++)
                {
                    Volatile.Write(ref currentPhase, p);
                    payments.Mode = options.Phases[p].Mode;
                    var arrivalsAtStart = payments.TotalArrivals;
                    phaseEnd += options.Phases[p].Duration;
                    while (clock.Elapsed < phaseEnd || (p == phaseCount - 1 && !stop.IsCancellationRequested))
                    {
                        maxInFlight[p] = Math.Max(maxInFlight[p], gauge.Current);
                        var state = registry.GetCircuitState(Checkout.After.CheckoutEndpoints.PaymentsGuard);
                        if (guarded && state != lastState)
                        {
                            transitions.Add(new BreakerTransition(clock.Elapsed, options.Phases[p].Name, state));
                            lastState = state;
                        }

                        try
                        {
                            await Task.Delay(5, stop.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }

                    dependencyCalls[p] = payments.TotalArrivals - arrivalsAtStart;
                }
            },
            CancellationToken.None);

        var total = TimeSpan.FromTicks(options.Phases.Sum(p => p.Duration.Ticks));
        var calls = await LoadGenerator.OpenLoopAsync(
            async (i, ct) =>
            {
                var phase = Volatile.Read(ref currentPhase);
                try
                {
                    using var response = await client.PostAsync(new Uri("checkout/order-" + i.ToString(CultureInfo.InvariantCulture), UriKind.Relative), null, ct).ConfigureAwait(false);
                    return (Phase: phase, Paid: response.IsSuccessStatusCode);
                }
                catch (HttpRequestException)
                {
                    return (Phase: phase, Paid: false);
                }
            },
            options.RequestsPerSecond,
            total,
            cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await conductor.ConfigureAwait(false);

        var phases = new List<CheckoutPhaseResult>();
        for (var p = 0; p < phaseCount; p++)
        {
            var inPhase = calls.Where(c => c.Value.Phase == p).ToList();
            phases.Add(new CheckoutPhaseResult(
                options.Phases[p].Name,
                inPhase.Count,
                inPhase.Count(c => c.Value.Paid),
                LatencyStats.From(inPhase.Select(c => c.Latency.TotalMilliseconds)),
                maxInFlight[p],
                dependencyCalls[p]));
        }

        File.Delete(auditPath);
        if (guarded)
        {
            // Leave a fresh default registry behind, so later guards elsewhere start closed.
            Downstream.UseRegistry(new GuardRegistry());
        }

        registry.Dispose();
        var sick = payments.ArrivalsIn(PaymentsMode.Slow) + payments.ArrivalsIn(PaymentsMode.Failing);
        return new CheckoutVariant(name, phases, sick, transitions);
    }
}
