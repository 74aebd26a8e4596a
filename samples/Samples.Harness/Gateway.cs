using System;
using System.IO;
using System.Threading;
using Advisor;

namespace Samples.Harness;

/// <summary>
/// A vendor's pricing SDK that only has a synchronous API: each call blocks its thread for the length of a network
/// round trip. Marked <see cref="BlockingAttribute"/>, as a library would ship it, so Advisor knows it blocks.
/// </summary>
public sealed class LegacyPricingClient
{
    /// <summary>Creates a client whose calls block for <paramref name="latency"/>.</summary>
    public LegacyPricingClient(TimeSpan latency) => Latency = latency;

    /// <summary>How long one call blocks.</summary>
    public TimeSpan Latency { get; }

    /// <summary>How many calls ran.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    private long _calls;

    /// <summary>The list price of a product, in cents.</summary>
    [Blocking]
    public long GetBasePrice(int sku)
    {
        Interlocked.Increment(ref _calls);
        Thread.Sleep(Latency);
        return 1_000 + (sku % 97) * 25;
    }

    /// <summary>Units in stock.</summary>
    [Blocking]
    public int GetStockLevel(int sku)
    {
        Interlocked.Increment(ref _calls);
        Thread.Sleep(Latency);
        return 5 + sku % 40;
    }
}

/// <summary>Where the pricing rules file lives; the gateway reads it on each request.</summary>
public sealed class PricingRules
{
    /// <summary>Uses the file at <paramref name="path"/>.</summary>
    public PricingRules(string path) => Path = path;

    /// <summary>The rules file.</summary>
    public string Path { get; }

    /// <summary>Writes a small rules file into the temp directory.</summary>
    public static PricingRules CreateTemporary()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"advisor-pricing-rules-{Environment.ProcessId}.txt");
        File.WriteAllText(path, "discount.bulk=0.05\ndiscount.member=0.10\nsurcharge.low_stock=0.03\n");
        return new PricingRules(path);
    }

    /// <summary>The discount in the rules text, in percent.</summary>
    public static int DiscountPercent(string rules)
        => rules is null ? 0 : rules.Contains("discount.member", StringComparison.Ordinal) ? 10 : 0;
}

/// <summary>The gateway's answer.</summary>
public sealed record Quote(int Sku, long PriceCents, int Stock, double Risk, ulong Signature);
