using System;
using System.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samples.Harness;

namespace Gateway.Before;

/// <summary>
/// The quote endpoint as it is often first written: every step runs inline on the request's ThreadPool thread.
/// The legacy pricing SDK blocks for a network round trip, the rules file is read synchronously, and the risk
/// model and signature burn CPU in the handler. At 8 concurrent requests it looks fine; at 200 the pool starves.
/// The <c>// expect:</c> markers name the Advisor warnings each line gets (checked by Advisor.Samples.Tests).
/// </summary>
public static class QuoteEndpoints
{
    /// <summary>Maps <c>GET /quote/{sku}</c>.</summary>
    public static IEndpointRouteBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/quote/{sku:int}", async (int sku, LegacyPricingClient legacy, PricingRules rules, HttpContext context) =>
        {
            var rulesText = File.ReadAllText(rules.Path); // expect: ADV2002
            var basePrice = legacy.GetBasePrice(sku); // expect: ADV2003
            var stock = LoadStock(legacy, sku); // expect: ADV2004
            var risk = RiskModel.Score(sku, basePrice); // expect: ADV1002

            ulong signature = 14_695_981_039_346_656_037;
            for (var round = 0; round < 300_000; round++) // expect: ADV1001
            {
                signature = (signature ^ (ulong)(sku + round)) * 1_099_511_628_211;
            }

            var price = basePrice * (100 - PricingRules.DiscountPercent(rulesText)) / 100;
            await context.Response.WriteAsJsonAsync(new Quote(sku, price, stock, risk, signature), context.RequestAborted);
        });
        return app;
    }

    // A synchronous helper around the legacy SDK: Advisor reports the call to it, where the work should move.
    private static int LoadStock(LegacyPricingClient legacy, int sku)
    {
        var stock = legacy.GetStockLevel(sku);
        return Math.Max(0, stock - 2);
    }
}

/// <summary>A Monte Carlo risk estimate: pure CPU.</summary>
public static class RiskModel
{
    /// <summary>The estimated chance (0..1) that the quote loses money.</summary>
    public static double Score(int sku, long basePrice)
    {
        var random = new Random(sku);
        var losses = 0;
        const int Trials = 100_000;
        for (var trial = 0; trial < Trials; trial++)
        {
            var cost = basePrice * (0.7 + (random.NextDouble() * 0.5));
            if (cost > basePrice)
            {
                losses++;
            }
        }

        return (double)losses / Trials;
    }
}
