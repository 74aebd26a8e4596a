using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Samples.Harness;

namespace Checkout.After;

/// <summary>
/// The checkout endpoint with the payments call behind <c>Downstream.Guard("payments")</c>: a timeout inside a
/// circuit breaker. A slow payments service costs at most the timeout; a failing one opens the circuit, so checkouts
/// fail fast without touching it, and one probe at a time finds out when it is healthy again. The audit log is
/// appended asynchronously under a <see cref="SemaphoreSlim"/>, so no thread waits on a lock. Advisor reports nothing here.
/// </summary>
public static class CheckoutEndpoints
{
    /// <summary>The guard's name.</summary>
    public const string PaymentsGuard = "payments";

    private static readonly SemaphoreSlim s_auditGate = new(1, 1);

    /// <summary>The guard settings for the payments dependency: a 300 ms timeout, a 1 s break.</summary>
    public static void ConfigureGuard(GuardRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Configure(PaymentsGuard, options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.FailureRatio = 0.5;
            options.MinimumThroughput = 5;
            options.SamplingDuration = TimeSpan.FromSeconds(1);
            options.BreakDuration = TimeSpan.FromSeconds(1);
        });
    }

    /// <summary>Maps <c>POST /checkout/{orderId}</c>; <paramref name="payments"/> talks to the payments service.</summary>
    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app, HttpClient payments, string auditPath)
    {
        app.MapPost("/checkout/{orderId}", async (string orderId, HttpContext context) =>
        {
            var cancellationToken = context.RequestAborted;
            CheckoutResult result;
            try
            {
                using var response = await Downstream.Guard(PaymentsGuard).ExecuteAsync(
                    async ct => await payments.PostAsJsonAsync("pay", new PaymentRequest(orderId, 4_200), ct),
                    cancellationToken);
                result = new CheckoutResult(orderId, response.IsSuccessStatusCode, "payments answered " + (int)response.StatusCode);
            }
            catch (BrokenCircuitException)
            {
                result = new CheckoutResult(orderId, Paid: false, "payments circuit open: failed fast");
            }
            catch (TimeoutRejectedException)
            {
                result = new CheckoutResult(orderId, Paid: false, "payments timed out");
            }
            catch (HttpRequestException e)
            {
                result = new CheckoutResult(orderId, Paid: false, e.Message);
            }

            await AppendAuditAsync(auditPath, $"{orderId} {result.Paid}\n", cancellationToken);
            return result.Paid ? Results.Ok(result) : Results.Json(result, statusCode: StatusCodes.Status502BadGateway);
        });
        return app;
    }

    private static async Task AppendAuditAsync(string path, string line, CancellationToken cancellationToken)
    {
        await s_auditGate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            s_auditGate.Release();
        }
    }
}
