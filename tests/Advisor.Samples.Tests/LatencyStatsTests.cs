using Samples.Harness;

namespace Advisor.Samples.Tests;

public sealed class LatencyStatsTests
{
    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var stats = LatencyStats.From(Enumerable.Range(1, 100).Select(i => (double)i).Reverse());

        Assert.Equal((100, 50.0, 90.0, 99.0, 100.0, 50.5), (stats.Count, stats.P50, stats.P90, stats.P99, stats.Max, stats.Mean));
    }

    [Fact]
    public void No_samples_give_zeros()
    {
        Assert.Equal(LatencyStats.Empty, LatencyStats.From([]));
    }
}
