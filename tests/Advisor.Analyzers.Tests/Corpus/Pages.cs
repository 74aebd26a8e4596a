// Corpus for the robustness tests: Razor Pages handlers, a middleware implementing IMiddleware, an EF-free repository
// with custom awaitables, generics, partial methods and extension methods.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Corpus.Pages;

public sealed class IndexModel : PageModel
{
    private readonly Repository<string> _repository = new();

    public IReadOnlyList<string> Items { get; private set; } = Array.Empty<string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Items = _repository.LoadAsync(cancellationToken).Result;
        var extra = await _repository.LoadAsync(cancellationToken);
        Items = Items.Concat(extra).Concat(_repository.LoadAll()).ToList();
    }

    public void OnPost(string text)
    {
        var words = text.Split(' ');
        var matrix = new double[words.Length, words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            for (var j = 0; j < words.Length; j++)
            {
                matrix[i, j] = Distance(words[i], words[j]);
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            for (var j = 0; j <= b.Length; j++)
            {
                d[i, j] = i == 0 ? j : j == 0 ? i : Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}

public sealed partial class Repository<T>
    where T : class
{
    private readonly List<T> _items = new();

    public Task<IReadOnlyList<T>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<T>>(_items);

    public IReadOnlyList<T> LoadAll()
    {
        Refresh();
        return _items;
    }

    partial void Refresh();

    public Delay Wait(int milliseconds) => new(milliseconds);
}

public sealed partial class Repository<T>
{
    partial void Refresh() => File.ReadAllText("/var/cache/items").Trim();
}

public readonly struct Delay
{
    private readonly int _milliseconds;

    public Delay(int milliseconds) => _milliseconds = milliseconds;

    public TaskAwaiter GetAwaiter() => Task.Delay(_milliseconds).GetAwaiter();
}

public static class StreamExtensions
{
    public static string ReadEverything(this Stream stream) => new StreamReader(stream).ReadToEnd();

    public static async Task<string> ReadEverythingAsync(this Stream stream) => await new StreamReader(stream).ReadToEndAsync();
}

public sealed class AuditMiddleware : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Request.Body.ReadEverything();
        await new Repository<string>().Wait(1);
        await next(context);
        File.WriteAllText("/var/log/audit/" + context.TraceIdentifier, body);
    }
}
