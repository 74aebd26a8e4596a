// Corpus for the robustness tests: a minimal API host with top-level statements, middleware and a hub.
using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Advisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHttpClient("catalog", client => client.Timeout = TimeSpan.FromSeconds(3));
builder.Services.AddSignalR();
var app = builder.Build();

app.UseMiddleware<TimingMiddleware>();

app.MapGet("/hello/{name}", (string name) => $"Hello {name}");
app.MapGet("/file/{name}", async (string name, CancellationToken cancellationToken) =>
{
    var text = File.ReadAllText(Path.Combine("/srv", name));
    await Task.Delay(1, cancellationToken);
    return Results.Text(text);
});
app.MapGet("/primes/{limit:int}", (int limit) =>
{
    var count = 0;
    for (var n = 2; n < limit; n++)
    {
        var prime = true;
        for (var d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                prime = false;
                break;
            }
        }

        if (prime)
        {
            count++;
        }
    }

    return count;
});
app.MapGet("/fanout", async (IHttpClientFactory factory, CancellationToken cancellationToken) =>
{
    var client = factory.CreateClient("catalog");
    var shards = new[] { "a", "b", "c" };
    var result = await ScatterGather.WithDeadline(shards, (shard, ct) => client.GetStringAsync("https://catalog/" + shard, ct), TimeSpan.FromMilliseconds(300), cancellationToken);
    return result.Values.Count();
});
app.MapGet("/socket", async () =>
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Connect("localhost", 6379);
    await Task.Yield();
    return socket.Connected;
});
app.MapGet("/sync", Handlers.Sync);
app.MapHub<ChatHub>("/chat");

await app.RunAsync();

internal static class Handlers
{
    public static string Sync(HttpContext context)
    {
        var body = new StreamReader(context.Request.Body).ReadToEndAsync().Result;
        Thread.Sleep(5);
        return body;
    }
}

internal sealed class TimingMiddleware
{
    private readonly RequestDelegate _next;

    public TimingMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = DateTime.UtcNow;
        await _next(context);
        File.AppendAllText("/var/log/timing.log", (DateTime.UtcNow - started).ToString());
    }
}

internal sealed class ChatHub : Hub
{
    public async Task Send(string message)
    {
        var history = File.ReadAllLines("/var/chat/history.txt");
        await Clients.All.SendAsync("message", message + history.Length);
    }
}
