// Corpus for the robustness tests: data access, sockets, locks and background work, synchronous and async.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Microsoft.Extensions.Hosting;

namespace Corpus.Legacy;

public sealed class LegacyGateway
{
    private readonly DbConnection _connection;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<int, string> _cache = new();
    private readonly object _sync = new();

    public LegacyGateway(DbConnection connection, HttpClient http)
    {
        _connection = connection;
        _http = http;
    }

    [Blocking]
    public string Fetch(int id) => _http.GetStringAsync("https://legacy/" + id).GetAwaiter().GetResult();

    [CpuBound]
    public static int Crunch(int seed) => Enumerable.Range(0, 10_000).Aggregate(seed, (a, b) => unchecked(a * 31 + b));

    [Downstream("legacy")]
    public Task<string> CallAsync(int id, CancellationToken cancellationToken) => _http.GetStringAsync("https://legacy/" + id, cancellationToken);

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "select count(*) from orders";
        var count = Convert.ToInt32(command.ExecuteScalar());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            count += reader.GetInt32(0);
        }

        await Task.Delay(1, cancellationToken);
        return count;
    }

    public async Task<string> LookupAsync(int id)
    {
        if (_cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var value = Fetch(id);
        var entry = Dns.GetHostEntry("legacy");
        lock (_sync)
        {
            _cache[id] = value + entry.HostName;
            Monitor.Wait(_sync, 10);
        }

        await Task.Yield();
        return value;
    }

    public async Task<string> GuardedAsync(int id, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var first = await _http.GetStringAsync("https://legacy/" + id, timeout.Token);
        var second = await Downstream.Guard("legacy").ExecuteAsync(async ct => await _http.GetStringAsync("https://legacy/x", ct), cancellationToken);
        var third = await _http.GetStringAsync("https://legacy/y", cancellationToken).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        return first + second + third;
    }

    public async Task<int> ProcessAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var total = 0;
        Parallel.For(0, ids.Count, i => Interlocked.Add(ref total, Crunch(ids[i])));
        var squares = ids.AsParallel().Select(i => i * i).Sum();
        using var process = Process.Start("tar", "-czf /tmp/x.tgz /data");
        process?.WaitForExit();
        var blocking = await Offload.Blocking(() => Fetch(1), cancellationToken);
        return total + squares + blocking.Length;
    }

    public void Synchronous()
    {
        var text = File.ReadAllText("/etc/hosts");
        Thread.Sleep(text.Length);
        var result = CallAsync(1, CancellationToken.None).Result;
        Console.WriteLine(result);
    }
}

public sealed class CleanupWorker : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var file in Directory.EnumerateFiles("/tmp/uploads"))
            {
                File.Delete(file);
            }

            var sum = 0L;
            for (var i = 0; i < 1_000_000; i++)
            {
                sum += i % 7;
            }

            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
        }
    }
}
