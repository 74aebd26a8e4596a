using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Samples.Harness;

/// <summary>The health of the payments dependency.</summary>
public enum PaymentsMode
{
    /// <summary>Answers in about 10 ms.</summary>
    Healthy,

    /// <summary>Answers, but only after <see cref="PaymentsService.SlowLatency"/>.</summary>
    Slow,

    /// <summary>Answers 503 at once.</summary>
    Failing,
}

/// <summary>A payment the checkout asks for.</summary>
public sealed record PaymentRequest(string OrderId, long AmountCents);

/// <summary>What the payments service answers.</summary>
public sealed record PaymentReceipt(string OrderId, string Authorization);

/// <summary>What the checkout answers.</summary>
public sealed record CheckoutResult(string OrderId, bool Paid, string Detail);

/// <summary>
/// A real downstream HTTP service (<c>POST /pay</c>) whose health the scenario changes: healthy, slow, failing.
/// Counts the calls that reach it in each mode and the calls in flight.
/// </summary>
public sealed class PaymentsService
{
    private readonly long[] _arrivals = new long[3];
    private int _mode;
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The latency of the slow mode. Default 2 s.</summary>
    public TimeSpan SlowLatency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The current mode.</summary>
    public PaymentsMode Mode
    {
        get => (PaymentsMode)Volatile.Read(ref _mode);
        set => Volatile.Write(ref _mode, (int)value);
    }

    /// <summary>Calls that arrived while the service was in <paramref name="mode"/>.</summary>
    public long ArrivalsIn(PaymentsMode mode) => Interlocked.Read(ref _arrivals[(int)mode]);

    /// <summary>All calls that reached the service.</summary>
    public long TotalArrivals => ArrivalsIn(PaymentsMode.Healthy) + ArrivalsIn(PaymentsMode.Slow) + ArrivalsIn(PaymentsMode.Failing);

    /// <summary>The most calls in flight at the service at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Maps <c>POST /pay</c>.</summary>
    public void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/pay", async (PaymentRequest request, HttpContext context) =>
        {
            var mode = Mode;
            Interlocked.Increment(ref _arrivals[(int)mode]);
            var inFlight = Interlocked.Increment(ref _inFlight);
            UpdateMax(inFlight);
            try
            {
                switch (mode)
                {
                    case PaymentsMode.Failing:
                        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                    case PaymentsMode.Slow:
                        await Task.Delay(SlowLatency, context.RequestAborted).ConfigureAwait(false);
                        break;
                    default:
                        await Task.Delay(10, context.RequestAborted).ConfigureAwait(false);
                        break;
                }

                return Results.Ok(new PaymentReceipt(request.OrderId, "auth-" + request.OrderId));
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }

    private void UpdateMax(int value)
    {
        var current = Volatile.Read(ref _maxInFlight);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>Counts requests in flight at the checkout service (a middleware) and remembers the peak.</summary>
public sealed class InFlightGauge
{
    private int _current;
    private int _max;

    /// <summary>Requests in flight now.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>The most requests in flight at once since <see cref="ResetMax"/>.</summary>
    public int Max => Volatile.Read(ref _max);

    /// <summary>Starts a new peak measurement.</summary>
    public void ResetMax() => Volatile.Write(ref _max, Current);

    /// <summary>Adds the counting middleware to <paramref name="app"/>.</summary>
    public void Use(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var now = Interlocked.Increment(ref _current);
            var max = Volatile.Read(ref _max);
            while (now > max && Interlocked.CompareExchange(ref _max, now, max) != max)
            {
                max = Volatile.Read(ref _max);
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        });
    }
}
