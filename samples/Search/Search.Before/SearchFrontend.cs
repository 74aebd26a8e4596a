using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Samples.Harness;

namespace Search.Before;

/// <summary>
/// A search front end over sharded indexes, written the two usual ways. Sequential awaits add the shards' latencies
/// up; <c>Task.WhenAll</c> waits for the slowest shard, however slow it is. Neither has a deadline.
/// The <c>// expect:</c> markers name the Advisor warnings each line gets (checked by Advisor.Samples.Tests).
/// </summary>
public sealed class SearchFrontend
{
    private readonly HttpClient _shards;
    private readonly int _shardCount;

    /// <summary>Searches <paramref name="shardCount"/> shards behind <paramref name="shards"/>.</summary>
    public SearchFrontend(HttpClient shards, int shardCount)
    {
        _shards = shards;
        _shardCount = shardCount;
    }

    /// <summary>Asks each shard in turn.</summary>
    public async Task<SearchAnswer> SearchSequentialAsync(string query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var hits = new List<ShardHits?>();
        for (var shard = 0; shard < _shardCount; shard++) // expect: ADV4002
        {
            hits.Add(await _shards.GetFromJsonAsync<ShardHits>(ShardRoutes.For(shard, query), cancellationToken)); // expect: ADV4001
        }

        return SearchAnswer.FromHits(hits, _shardCount, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Asks all shards at once and waits for every one of them.</summary>
    public async Task<SearchAnswer> SearchAllAsync(string query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = Enumerable.Range(0, _shardCount)
            .Select(shard => _shards.GetFromJsonAsync<ShardHits>(ShardRoutes.For(shard, query), cancellationToken)); // expect: ADV4001
        var hits = await Task.WhenAll(calls); // expect: ADV4003
        return SearchAnswer.FromHits(hits, _shardCount, Stopwatch.GetElapsedTime(started));
    }
}
