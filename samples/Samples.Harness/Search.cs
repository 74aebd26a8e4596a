using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Samples.Harness;

/// <summary>What one shard returns for a query.</summary>
public sealed record ShardHits(int Shard, IReadOnlyList<string> Documents);

/// <summary>
/// Search shards behind one loopback server (<c>GET /shard/{n}?q=...</c>): each request waits a random latency
/// (uniform in [<see cref="MinLatency"/>, <see cref="MaxLatency"/>]) and returns a few documents. One shard can be
/// made stuck (it answers after <see cref="StuckLatency"/>). A cancelled request stops waiting.
/// </summary>
public sealed class ShardFarm
{
    private readonly Random _random;
    private readonly object _randomLock = new();

    /// <summary>Creates the farm.</summary>
    public ShardFarm(int shards, TimeSpan minLatency, TimeSpan maxLatency, int seed)
    {
        Shards = shards;
        MinLatency = minLatency;
        MaxLatency = maxLatency;
        _random = new Random(seed);
    }

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>Shortest latency.</summary>
    public TimeSpan MinLatency { get; }

    /// <summary>Longest latency.</summary>
    public TimeSpan MaxLatency { get; }

    /// <summary>The shard that hangs, or -1.</summary>
    public int StuckShard { get; set; } = -1;

    /// <summary>The stuck shard's latency. Default 2 s.</summary>
    public TimeSpan StuckLatency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Maps <c>GET /shard/{n}</c>.</summary>
    public void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/shard/{shard:int}", async (int shard, string? q, HttpContext context) =>
        {
            var delay = shard == StuckShard ? StuckLatency : NextLatency();
            try
            {
                await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }

            var count = 1 + (Math.Abs(HashCode.Combine(q, shard)) % 5);
            var documents = Enumerable.Range(0, count).Select(i => $"{q}-s{shard}-d{i}").ToArray();
            return Results.Ok(new ShardHits(shard, documents));
        });
    }

    private TimeSpan NextLatency()
    {
        lock (_randomLock)
        {
            return MinLatency + ((MaxLatency - MinLatency) * _random.NextDouble());
        }
    }
}

/// <summary>One search answer: the documents and which shards contributed.</summary>
public sealed record SearchAnswer(IReadOnlyList<string> Documents, IReadOnlyList<int> AnsweredShards, IReadOnlyList<int> TimedOutShards, TimeSpan Elapsed)
{
    /// <summary>An answer from complete shard results.</summary>
    public static SearchAnswer FromHits(IEnumerable<ShardHits?> hits, int shards, TimeSpan elapsed)
    {
        var answered = hits.Where(h => h is not null).Select(h => h!).ToList();
        var answeredIds = answered.Select(h => h.Shard).OrderBy(s => s).ToArray();
        return new SearchAnswer(
            answered.SelectMany(h => h.Documents).ToArray(),
            answeredIds,
            Enumerable.Range(0, shards).Except(answeredIds).ToArray(),
            elapsed);
    }
}

/// <summary>The URL of a shard query.</summary>
public static class ShardRoutes
{
    /// <summary><c>shard/{shard}?q={query}</c>.</summary>
    public static string For(int shard, string query) => $"shard/{shard}?q={Uri.EscapeDataString(query)}";
}
