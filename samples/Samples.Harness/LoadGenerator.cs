using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Samples.Harness;

/// <summary>The outcome of a load run.</summary>
/// <param name="Concurrency">Requests kept in flight (closed loop), or 0 for a fixed arrival rate.</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Errors">Requests that failed (exception or non-success status).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Latency">Latency of every request, successful or not.</param>
public sealed record LoadResult(int Concurrency, int Requests, int Errors, TimeSpan Elapsed, LatencyStats Latency)
{
    /// <summary>Completed requests per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
}

/// <summary>Sends HTTP requests and measures them.</summary>
public static class LoadGenerator
{
    /// <summary>A client for load: no connection limit, a generous timeout.</summary>
    public static HttpClient CreateClient(Uri baseAddress, TimeSpan? timeout = null)
        => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> workers each send a request, wait for its response, and send the
    /// next, until <paramref name="totalRequests"/> were sent.
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(
        HttpClient client, string path, int concurrency, int totalRequests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < totalRequests)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        return new LoadResult(concurrency, totalRequests, errors, clock.Elapsed, LatencyStats.From(latencies));
    }

    /// <summary>
    /// Open loop: starts <paramref name="send"/> at a fixed rate whatever the responses do, as independent users
    /// would, and waits for all of them. Returns each call's start offset and latency.
    /// </summary>
    public static async Task<IReadOnlyList<TimedCall<T>>> OpenLoopAsync<T>(
        Func<int, CancellationToken, Task<T>> send, double requestsPerSecond, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        var interval = TimeSpan.FromSeconds(1 / requestsPerSecond);
        var calls = new List<Task<TimedCall<T>>>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            calls.Add(TimeAsync(send, i, clock, cancellationToken));
        }

        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private static async Task<TimedCall<T>> TimeAsync<T>(Func<int, CancellationToken, Task<T>> send, int index, Stopwatch clock, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var started = clock.Elapsed;
        var value = await send(index, cancellationToken).ConfigureAwait(false);
        return new TimedCall<T>(index, started, clock.Elapsed - started, value);
    }
}

/// <summary>One call of an open-loop run.</summary>
public sealed record TimedCall<T>(int Index, TimeSpan Started, TimeSpan Latency, T Value);
