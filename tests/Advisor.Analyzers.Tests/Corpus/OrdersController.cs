// Corpus for the robustness tests: realistic service code with the patterns every Advisor rule looks at.
// Not compiled into the test project; the tests damage it (truncation, deleted tokens, unbalanced braces).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Microsoft.AspNetCore.Mvc;

namespace Corpus.Orders;

public sealed record Order(int Id, string Customer, decimal Total, IReadOnlyList<string> Lines);

public interface IOrderStore
{
    Task<Order?> FindAsync(int id, CancellationToken cancellationToken);

    Order? Find(int id);
}

[ApiController]
[Route("api/orders")]
public sealed class OrdersController : ControllerBase
{
    private static readonly object s_gate = new();
    private readonly IOrderStore _store;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public OrdersController(IOrderStore store, HttpClient http)
    {
        _store = store;
        _http = http;
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<Order>> Get(int id, CancellationToken cancellationToken)
    {
        var order = _store.FindAsync(id, cancellationToken).Result;
        if (order is null)
        {
            return NotFound();
        }

        var audit = System.IO.File.ReadAllText("/var/log/orders/" + id);
        var pricing = await _http.GetStringAsync($"https://pricing/api/{id}", cancellationToken);
        return Ok(order with { Customer = order.Customer + audit.Length + pricing.Length });
    }

    [HttpGet("{id:int}/signature")]
    public IActionResult Signature(int id)
    {
        var order = _store.Find(id);
        var payload = Encoding.UTF8.GetBytes(order?.Customer ?? string.Empty);
        for (var round = 0; round < 100_000; round++)
        {
            payload = SHA256.HashData(payload);
        }

        return Ok(Convert.ToHexString(payload));
    }

    [HttpGet("report")]
    public async Task<IActionResult> Report(CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(1, 50).ToList();
        var lines = new List<string>();
        foreach (var id in ids)
        {
            lines.Add(await _http.GetStringAsync($"https://inventory/api/{id}", cancellationToken));
        }

        var all = await Task.WhenAll(ids.Select(id => _http.GetStringAsync($"https://shipping/api/{id}", cancellationToken)));
        Parallel.ForEach(lines, line => Checksum(line));
        return Ok(Render(lines.Concat(all).ToList()));
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import(string path, CancellationToken cancellationToken)
    {
        _semaphore.Wait(cancellationToken);
        try
        {
            lock (s_gate)
            {
                Thread.Sleep(10);
            }

            var text = await Offload.Blocking(() => System.IO.File.ReadAllText(path), cancellationToken);
            var checksum = await Offload.Cpu(() => Checksum(text), cancellationToken);
            Task.WaitAll(Task.Delay(1), Task.Delay(2));
            return Ok(checksum + LoadSettings().Length);
        }
        finally
        {
            _semaphore.Release();
        }
    }

    [HttpGet("threads")]
    public IActionResult Threads(int count)
    {
        for (var i = 0; i < count; i++)
        {
            new Thread(() => Thread.Sleep(100)).Start();
            Task.Factory.StartNew(() => Checksum("x"), TaskCreationOptions.LongRunning);
        }

        return Ok();
    }

    public async ValueTask<int> CountAsync()
    {
        var task = Task.FromResult(3);
        int Local() => task.Result + _store.FindAsync(1, default).GetAwaiter().GetResult()?.Id ?? 0;
        Func<Task<int>> lambda = async () => _store.FindAsync(2, default).Result?.Id ?? 0;
        await Task.Yield();
        return Local() + await lambda();
    }

    public async IAsyncEnumerable<string> StreamAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.GetFiles("/data"))
        {
            using var reader = new StreamReader(file);
            yield return reader.ReadToEnd();
            await Task.Delay(1, cancellationToken);
        }
    }

    private static string LoadSettings() => ReadAll("/etc/orders.json");

    private static string ReadAll(string path) => System.IO.File.ReadAllText(path);

    private static int Checksum(string value)
    {
        var hash = 17;
        for (var i = 0; i < value.Length; i++)
        {
            for (var j = 0; j < 64; j++)
            {
                hash = unchecked(hash * 31 + value[i] + j);
            }
        }

        return hash;
    }

    private static string Render(IReadOnlyList<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines.AsParallel().Select(l => l.ToUpperInvariant()))
        {
            builder.AppendLine(line);
        }

        return builder.ToString();
    }
}
