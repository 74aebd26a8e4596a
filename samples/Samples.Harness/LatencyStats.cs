using System;
using System.Collections.Generic;
using System.Linq;

namespace Samples.Harness;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest-rank method).</summary>
public sealed record LatencyStats(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>No samples.</summary>
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Computes the statistics of <paramref name="milliseconds"/>.</summary>
    public static LatencyStats From(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new LatencyStats(
            sorted.Length,
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            sorted[^1],
            sorted.Average());
    }

    /// <summary>The nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double percentile)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        if (ascending.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * ascending.Count);
        return ascending[Math.Clamp(rank - 1, 0, ascending.Count - 1)];
    }
}
