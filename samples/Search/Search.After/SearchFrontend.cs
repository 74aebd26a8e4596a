using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Samples.Harness;

namespace Search.After;

/// <summary>
/// The search front end with a deadline: every shard is asked at once, the answer goes out at the deadline with
/// whatever arrived, the stragglers are cancelled, and each shard sits behind its own circuit breaker so a dead shard
/// fails fast. Advisor reports nothing here.
/// </summary>
public sealed class SearchFrontend
{
    private readonly HttpClient _shards;
    private readonly int[] _shardIds;

    /// <summary>Searches <paramref name="shardCount"/> shards behind <paramref name="shards"/>.</summary>
    public SearchFrontend(HttpClient shards, int shardCount, TimeSpan deadline)
    {
        _shards = shards;
        _shardIds = Enumerable.Range(0, shardCount).ToArray();
        Deadline = deadline;
    }

    /// <summary>How long a query may take.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Asks all shards at once and answers at the deadline with the shards that made it.</summary>
    public async Task<SearchAnswer> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var gathered = await ScatterGather.WithDeadline(
            _shardIds,
            (shard, ct) => Downstream.Guard("search-shard-" + shard)
                .ExecuteAsync(async token => await _shards.GetFromJsonAsync<ShardHits>(ShardRoutes.For(shard, query), token), ct)
                .AsTask(),
            Deadline,
            cancellationToken);
        return SearchAnswer.FromHits(gathered.Values, _shardIds.Length, Stopwatch.GetElapsedTime(started));
    }
}
