using System;
using System.IO;
using Advisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samples.Harness;

namespace Gateway.After;

/// <summary>
/// The quote endpoint on the three-layer model: the request thread only orchestrates. I/O with an async library is
/// awaited, the legacy blocking SDK runs on <c>Offload.Blocking</c>'s dedicated threads, and the CPU-heavy risk
/// model and signature run on <c>Offload.Cpu</c>, as wide as the cores. Advisor reports nothing here.
/// </summary>
public static class QuoteEndpoints
{
    /// <summary>Maps <c>GET /quote/{sku}</c>.</summary>
    public static IEndpointRouteBuilder MapQuotes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/quote/{sku:int}", async (int sku, LegacyPricingClient legacy, PricingRules rules, HttpContext context) =>
        {
            var cancellationToken = context.RequestAborted;
            var rulesText = await File.ReadAllTextAsync(rules.Path, cancellationToken);
            var basePrice = await Offload.Blocking(() => legacy.GetBasePrice(sku), cancellationToken);
            var stock = await Offload.Blocking(() => LoadStock(legacy, sku), cancellationToken);
            var risk = await Offload.Cpu(() => RiskModel.Score(sku, basePrice), cancellationToken);
            var signature = await Offload.Cpu(() => QuoteSignature.Compute(sku), cancellationToken);

            var price = basePrice * (100 - PricingRules.DiscountPercent(rulesText)) / 100;
            await context.Response.WriteAsJsonAsync(new Quote(sku, price, stock, risk, signature), cancellationToken);
        });
        return app;
    }

    private static int LoadStock(LegacyPricingClient legacy, int sku)
    {
        var stock = legacy.GetStockLevel(sku);
        return Math.Max(0, stock - 2);
    }
}

/// <summary>The quote's signature: a hash over many rounds, pure CPU.</summary>
public static class QuoteSignature
{
    /// <summary>Computes the signature of a quote for <paramref name="sku"/>.</summary>
    public static ulong Compute(int sku)
    {
        ulong signature = 14_695_981_039_346_656_037;
        for (var round = 0; round < 300_000; round++)
        {
            signature = (signature ^ (ulong)(sku + round)) * 1_099_511_628_211;
        }

        return signature;
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
