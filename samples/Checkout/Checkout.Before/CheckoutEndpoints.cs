using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samples.Harness;

namespace Checkout.Before;

/// <summary>
/// The checkout endpoint calling the payments service with nothing between them: no timeout (HttpClient's default
/// is 100 s) and no circuit breaker. When payments slows down, checkout requests pile up behind it; when payments
/// fails, every checkout still hammers it. The audit log is written under a lock, holding it across file I/O.
/// The <c>// expect:</c> markers name the Advisor warnings each line gets (checked by Advisor.Samples.Tests).
/// </summary>
public static class CheckoutEndpoints
{
    private static readonly object s_auditLock = new();

    /// <summary>Maps <c>POST /checkout/{orderId}</c>; <paramref name="payments"/> talks to the payments service.</summary>
    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app, HttpClient payments, string auditPath)
    {
        app.MapPost("/checkout/{orderId}", async (string orderId, HttpContext context) =>
        {
            CheckoutResult result;
            try
            {
                using var response = await payments.PostAsJsonAsync("pay", new PaymentRequest(orderId, 4_200), context.RequestAborted); // expect: ADV4001
                result = new CheckoutResult(orderId, response.IsSuccessStatusCode, "payments answered " + (int)response.StatusCode);
            }
            catch (HttpRequestException e)
            {
                result = new CheckoutResult(orderId, Paid: false, e.Message);
            }

            lock (s_auditLock)
            {
                File.AppendAllText(auditPath, $"{orderId} {result.Paid}\n"); // expect: ADV2002, ADV4004
            }

            return result.Paid ? Results.Ok(result) : Results.Json(result, statusCode: StatusCodes.Status502BadGateway);
        });
        return app;
    }
}
