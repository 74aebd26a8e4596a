using System.Globalization;
using System.Text;

namespace Advisor.Analyzers.Benchmarks.Generation;

/// <summary>One generated source file.</summary>
internal sealed record GeneratedFile(string Path, string Text);

/// <summary>
/// Generates the source of a realistic ASP.NET Core service of any size, deterministically from a seed. Files come in
/// groups of six per feature (helpers and DTOs, a repository on ADO.NET, a typed HttpClient with an occasional
/// background worker, a service, an MVC controller, minimal API endpoints); each group calls into its own files and
/// into helpers of other groups, so call graphs cross files. The code mixes what analyzers look for (blocking calls
/// with and without async twins, <c>.Result</c>/<c>.Wait()</c>/<c>GetResult()</c>, CPU loops, parallel loops, threads,
/// locks around sleeps, sequential and parallel HttpClient fan-out) with the clean code that dominates real services
/// (awaited calls, offloaded work, LINQ mapping, validation). It compiles without errors against .NET and ASP.NET Core.
/// Shared by the benchmark and the robustness tests (linked into both).
/// </summary>
internal static class ServiceCodeGenerator
{
    public const int DefaultSeed = 20261128;
    public const int FilesPerGroup = 6;

    private static readonly string[] s_domains =
    {
        "Order", "Invoice", "Customer", "Catalog", "Shipment", "Payment", "Inventory", "Review", "Coupon", "Report",
        "Profile", "Ticket", "Warehouse", "Supplier", "Basket", "Refund", "Address", "Loyalty", "Pricing", "Search",
    };

    private static readonly string[] s_nouns = { "summary", "export", "audit", "status", "history", "details", "preview", "stats" };

    /// <summary>The sources of a service with <paramref name="fileCount"/> files.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(int fileCount, int seed = DefaultSeed)
    {
        if (fileCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount));
        }

        var random = new Random(seed);
        var groupCount = (fileCount + FilesPerGroup - 1) / FilesPerGroup;
        var files = new List<GeneratedFile>(fileCount);
        for (var i = 0; i < fileCount; i++)
        {
            var group = new Group(i / FilesPerGroup, groupCount, random);
            var kind = i % FilesPerGroup;
            var text = kind switch
            {
                0 => Helpers(group),
                1 => Repository(group),
                2 => Client(group),
                3 => Service(group),
                4 => Controller(group),
                _ => Endpoints(group),
            };
            var name = kind switch
            {
                0 => "Helpers",
                1 => "Repository",
                2 => "Client",
                3 => "Service",
                4 => "Controller",
                _ => "Endpoints",
            };
            files.Add(new GeneratedFile($"/src/{group.Name}/{group.Name}{name}.cs", text));
        }

        return files;
    }

    /// <summary>Per-group names and random choices; the random sequence depends only on the seed and the file index.</summary>
    private sealed class Group
    {
        public Group(int index, int groupCount, Random random)
        {
            Index = index;
            Name = s_domains[index % s_domains.Length] + index.ToString(CultureInfo.InvariantCulture);
            Namespace = "Acme.Services." + Name;
            var other = (index * 7 + 3) % groupCount;
            // Helpers are the first file of a group, so every group up to the current one has them.
            Other = other <= index ? other : index;
            OtherName = s_domains[Other % s_domains.Length] + Other.ToString(CultureInfo.InvariantCulture);
            Route = Name.ToLowerInvariant();
            Random = random;
        }

        public int Index { get; }

        public string Name { get; }

        public string Namespace { get; }

        public int Other { get; }

        public string OtherName { get; }

        public string Route { get; }

        public Random Random { get; }

        public bool Chance(int percent) => Random.Next(100) < percent;

        public int Number(int min, int max) => Random.Next(min, max);

        public string Noun() => s_nouns[Random.Next(s_nouns.Length)];
    }

    private static string Helpers(Group g)
    {
        var n = g.Name;
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Security.Cryptography;
            using System.Text;
            using System.Threading;

            namespace {{g.Namespace}};

            public sealed record {{n}}Dto(int Id, string Name, decimal Amount, DateTime CreatedAt);

            public sealed record {{n}}Request(string Name, decimal Amount, int Quantity);

            public static class {{n}}Helpers
            {
                public static int Checksum(string value)
                {
                    var hash = {{g.Number(7, 97)}};
                    for (var i = 0; i < value.Length; i++)
                    {
                        hash = unchecked(hash * 31 + value[i]);
                    }

                    return hash;
                }

                public static double Score(IReadOnlyList<{{n}}Dto> items)
                {
                    double total = 0;
                    for (var i = 0; i < items.Count; i++)
                    {
                        for (var j = 0; j < items.Count; j++)
                        {
                            total += Math.Sqrt((double)(items[i].Amount * items[j].Amount) + i * j);
                        }
                    }

                    return total;
                }

                public static string LoadTemplate(string name)
                    => File.ReadAllText(Path.Combine("templates", name + ".{{g.Noun()}}.txt"));

                public static string RenderTemplate(string name, {{n}}Dto dto)
                {
                    var template = LoadTemplate(name);
                    return template.Replace("{name}", dto.Name, StringComparison.Ordinal)
                                   .Replace("{amount}", dto.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                }

                public static string[] ListArchives(string root) => Directory.GetFiles(root, "*.{{g.Noun()}}.zip");

                public static string Hash(string payload)
                {
                    var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(payload));
                    return Convert.ToHexString(bytes);
                }

                public static string Format({{n}}Dto dto) => $"{dto.Id}:{dto.Name}:{dto.Amount}";

                public static void Pause(int milliseconds) => Thread.Sleep(milliseconds);

                public static IReadOnlyList<{{n}}Dto> Normalize(IEnumerable<{{n}}Dto> items)
                    => items.Where(i => i.Amount > 0)
                            .OrderBy(i => i.CreatedAt)
                            .Select(i => i with { Name = i.Name.Trim() })
                            .ToList();

            """);

        if (g.Chance(60))
        {
            b.Append($$"""

                    public static bool IsValid({{n}}Request request)
                    {
                        if (string.IsNullOrWhiteSpace(request.Name))
                        {
                            return false;
                        }

                        return request.Quantity switch
                        {
                            <= 0 => false,
                            > {{g.Number(50, 500)}} => false,
                            _ => request.Amount >= 0,
                        };
                    }

                """);
        }

        if (g.Chance(50))
        {
            b.Append($$"""

                    public static int[,] Multiply(int[,] left, int[,] right)
                    {
                        var size = left.GetLength(0);
                        var result = new int[size, size];
                        for (var i = 0; i < size; i++)
                        {
                            for (var j = 0; j < size; j++)
                            {
                                var sum = 0;
                                for (var k = 0; k < size; k++)
                                {
                                    sum += left[i, k] * right[k, j];
                                }

                                result[i, j] = sum;
                            }
                        }

                        return result;
                    }

                """);
        }

        b.Append("}\n");
        return b.ToString();
    }

    private static string Repository(Group g)
    {
        var n = g.Name;
        var table = g.Route;
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Data.Common;
            using System.Globalization;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{g.Namespace}};

            public sealed class {{n}}Repository
            {
                private readonly DbConnection _connection;

                public {{n}}Repository(DbConnection connection) => _connection = connection;

                public async Task<{{n}}Dto?> FindAsync(int id, CancellationToken cancellationToken)
                {
                    await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using var command = _connection.CreateCommand();
                    command.CommandText = "select id, name, amount, created_at from {{table}} where id = @id";
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@id";
                    parameter.Value = id;
                    command.Parameters.Add(parameter);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    return new {{n}}Dto(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3));
                }

                public async Task<List<{{n}}Dto>> ListAsync(int take)
                {
                    _connection.Open();
                    using var command = _connection.CreateCommand();
                    command.CommandText = "select id, name, amount, created_at from {{table}} order by id limit {{g.Number(10, 1000)}}";
                    using var reader = command.ExecuteReader();
                    var result = new List<{{n}}Dto>();
                    while (reader.Read() && result.Count < take)
                    {
                        result.Add(new {{n}}Dto(reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3)));
                    }

                    await Task.Yield();
                    return result;
                }

                public int Count()
                {
                    using var command = _connection.CreateCommand();
                    command.CommandText = "select count(*) from {{table}}";
                    return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                }

                public async Task<int> DeleteAsync(int id, CancellationToken cancellationToken)
                {
                    await using var command = _connection.CreateCommand();
                    command.CommandText = "delete from {{table}} where id = " + id.ToString(CultureInfo.InvariantCulture);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            """;
    }

    private static string Client(Group g)
    {
        var n = g.Name;
        var r = g.Route;
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{g.Namespace}};

            public sealed class {{n}}Client
            {
                private readonly HttpClient _http;

                public {{n}}Client(HttpClient http) => _http = http;

                public async Task<string> GetAsync(int id, CancellationToken cancellationToken)
                    => await _http.GetStringAsync($"api/{{r}}/{id}", cancellationToken).ConfigureAwait(false);

                public Task<{{n}}Dto?> GetJsonAsync(int id, CancellationToken cancellationToken)
                    => _http.GetFromJsonAsync<{{n}}Dto>($"api/{{r}}/{id}/json", cancellationToken);

                public string GetBlocking(int id) => _http.GetStringAsync($"api/{{r}}/{id}").Result;

                public async Task<string> SendSynchronouslyAsync(int id)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"api/{{r}}/{id}/{{g.Noun()}}");
                    using var response = _http.Send(request);
                    using var stream = response.Content.ReadAsStream();
                    using var reader = new StreamReader(stream);
                    var body = reader.ReadToEnd();
                    await Task.Yield();
                    return body;
                }

                public async Task<IReadOnlyList<string>> GetManyAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                {
                    var results = new List<string>();
                    foreach (var id in ids)
                    {
                        results.Add(await _http.GetStringAsync($"api/{{r}}/{id}", cancellationToken).ConfigureAwait(false));
                    }

                    return results;
                }

                public async Task<string[]> GetAllAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                    => await Task.WhenAll(ids.Select(id => _http.GetStringAsync($"api/{{r}}/{id}", cancellationToken))).ConfigureAwait(false);

                public async Task<string> GetWithTimeoutAsync(int id, CancellationToken cancellationToken)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromMilliseconds({{g.Number(200, 5000)}}));
                    return await _http.GetStringAsync($"api/{{r}}/{id}", timeout.Token).ConfigureAwait(false);
                }

                public async Task<HttpResponseMessage> PostAsync({{n}}Request request, CancellationToken cancellationToken)
                {
                    var response = await _http.PostAsJsonAsync("api/{{r}}", request, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    return response;
                }
            }

            """);

        if (g.Index % 3 == 0)
        {
            b.Append($$"""

                public sealed class {{n}}Worker : Microsoft.Extensions.Hosting.BackgroundService
                {
                    private readonly {{n}}Client _client;

                    public {{n}}Worker({{n}}Client client) => _client = client;

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var marker = File.ReadAllText("/var/run/{{r}}.marker");
                            var checksum = 0;
                            for (var i = 0; i < marker.Length * {{g.Number(10, 100)}}; i++)
                            {
                                checksum = unchecked(checksum * 31 + marker[i % marker.Length]);
                            }

                            await _client.GetAsync(checksum, stoppingToken).ConfigureAwait(false);
                            await Task.Delay(TimeSpan.FromSeconds({{g.Number(1, 60)}}), stoppingToken).ConfigureAwait(false);
                        }
                    }
                }

                """);
        }

        return b.ToString();
    }

    private static string Service(Group g)
    {
        var n = g.Name;
        var o = $"Acme.Services.{g.OtherName}.{g.OtherName}Helpers";
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Advisor;

            namespace {{g.Namespace}};

            public sealed class {{n}}Service
            {
                private static readonly object s_gate = new();
                private readonly {{n}}Repository _repository;
                private readonly {{n}}Client _client;
                private readonly SemaphoreSlim _semaphore = new(1, 1);

                public {{n}}Service({{n}}Repository repository, {{n}}Client client)
                {
                    _repository = repository;
                    _client = client;
                }

                public async Task<{{n}}Dto?> GetAsync(int id, CancellationToken cancellationToken)
                {
                    var dto = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);
                    return dto is null ? null : dto with { Name = dto.Name.Trim() };
                }

                public async Task<string> DescribeAsync(int id, CancellationToken cancellationToken)
                {
                    var dto = _repository.FindAsync(id, cancellationToken).Result;
                    if (dto is null)
                    {
                        return string.Empty;
                    }

                    var text = {{n}}Helpers.RenderTemplate("{{g.Noun()}}", dto);
                    return text + await _client.GetAsync(id, cancellationToken).ConfigureAwait(false);
                }

                public async Task<double> ScoreAsync(int take)
                {
                    var items = await _repository.ListAsync(take).ConfigureAwait(false);
                    return {{n}}Helpers.Score({{n}}Helpers.Normalize(items));
                }

                public async Task<int> ImportAsync(string path, CancellationToken cancellationToken)
                {
                    var text = File.ReadAllText(path);
                    Thread.Sleep({{g.Number(1, 50)}});
                    var count = 0;
                    foreach (var line in text.Split('\n'))
                    {
                        if (line.Length > 0)
                        {
                            count += {{o}}.Checksum(line) % {{g.Number(3, 17)}};
                        }
                    }

                    using var stream = File.OpenRead(path);
                    var buffer = new byte[4096];
                    var read = stream.Read(buffer, 0, buffer.Length);
                    await _repository.DeleteAsync(count, cancellationToken).ConfigureAwait(false);
                    return count + read;
                }

                public async Task RefreshAsync(CancellationToken cancellationToken)
                {
                    _semaphore.Wait(cancellationToken);
                    try
                    {
                        await _client.GetAsync({{g.Number(1, 100)}}, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }

                public async Task SaveAsync({{n}}Dto dto, CancellationToken cancellationToken)
                {
                    lock (s_gate)
                    {
                        {{n}}Helpers.Pause({{g.Number(1, 20)}});
                        Thread.Sleep(1);
                    }

                    await _client.PostAsync(new {{n}}Request(dto.Name, dto.Amount, 1), cancellationToken).ConfigureAwait(false);
                }

                public async Task<int> BothAsync(CancellationToken cancellationToken)
                {
                    var first = _repository.FindAsync(1, cancellationToken);
                    var second = _repository.FindAsync(2, cancellationToken);
                    Task.WaitAll(first, second);
                    await Task.Yield();
                    return (first.Result?.Id ?? 0) + (second.Result?.Id ?? 0);
                }

                public async Task<int> ArchiveAsync(string root, CancellationToken cancellationToken)
                {
                    var archives = {{n}}Helpers.ListArchives(root);
                    var local = Directory.GetFiles(root);
                    await _client.GetAllAsync(archives.Select(a => a.Length), cancellationToken).ConfigureAwait(false);
                    return archives.Length + local.Length;
                }

                public async Task<string> OffloadedAsync(string path, CancellationToken cancellationToken)
                    => await Offload.Blocking(() => File.ReadAllText(path), cancellationToken).ConfigureAwait(false);

                public async Task<int> CompletedAsync()
                {
                    var task = Task.FromResult({{g.Number(1, 9)}});
                    await Task.Yield();
                    return task.Result;
                }

                public int CountSynchronously() => _repository.FindAsync(1, default).GetAwaiter().GetResult()?.Id ?? 0;

                public async Task<int> ParallelAsync(IReadOnlyList<int> ids)
                {
                    var sum = 0;
                    Parallel.ForEach(ids, id => Interlocked.Add(ref sum, {{n}}Helpers.Checksum(id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                    await Task.Yield();
                    return sum;
                }

                public IEnumerable<{{n}}Dto> Page(IEnumerable<{{n}}Dto> items, int page, int size)
                    => items.OrderByDescending(i => i.CreatedAt).Skip(page * size).Take(size);

            """);

        if (g.Chance(50))
        {
            b.Append($$"""

                    public async Task<string> CrossAsync(string name, CancellationToken cancellationToken)
                    {
                        var hash = {{o}}.Hash(name);
                        var template = {{o}}.LoadTemplate(name);
                        await Task.Delay({{g.Number(1, 10)}}, cancellationToken).ConfigureAwait(false);
                        return hash + template;
                    }

                """);
        }

        if (g.Chance(50))
        {
            b.Append($$"""

                    public async IAsyncEnumerable<{{n}}Dto> StreamAsync(int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            var dto = await _repository.FindAsync(i, cancellationToken).ConfigureAwait(false);
                            if (dto is not null)
                            {
                                yield return dto;
                            }
                        }
                    }

                """);
        }

        if (g.Chance(40))
        {
            b.Append($$"""

                    public ValueTask<int> CachedAsync(int id)
                    {
                        if (id < {{g.Number(10, 100)}})
                        {
                            return new ValueTask<int>(id);
                        }

                        var task = _repository.FindAsync(id, CancellationToken.None);
                        task.Wait();
                        return new ValueTask<int>(task.Result?.Id ?? 0);
                    }

                """);
        }

        b.Append("}\n");
        return b.ToString();
    }

    private static string Controller(Group g)
    {
        var n = g.Name;
        var r = g.Route;
        var b = new StringBuilder();
        b.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            namespace {{g.Namespace}};

            [ApiController]
            [Route("api/{{r}}")]
            public sealed class {{n}}Controller : ControllerBase
            {
                private readonly {{n}}Service _service;

                public {{n}}Controller({{n}}Service service) => _service = service;

                [HttpGet("{id:int}")]
                public async Task<ActionResult<{{n}}Dto>> Get(int id, CancellationToken cancellationToken)
                {
                    var dto = await _service.GetAsync(id, cancellationToken);
                    return dto is null ? NotFound() : Ok(dto);
                }

                [HttpGet("{id:int}/{{g.Noun()}}")]
                public async Task<IActionResult> Describe(int id, CancellationToken cancellationToken)
                    => Ok(await _service.DescribeAsync(id, cancellationToken));

                [HttpGet("score")]
                public IActionResult Score(int take)
                {
                    var score = _service.ScoreAsync(take).Result;
                    return Ok(score);
                }

                [HttpPost]
                public async Task<IActionResult> Create([FromBody] {{n}}Request request, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return BadRequest(ModelState);
                    }

                    var report = new StringBuilder();
                    for (var i = 0; i < {{g.Number(1000, 100000)}}; i++)
                    {
                        report.Append({{n}}Helpers.Checksum(request.Name + i));
                    }

                    await _service.RefreshAsync(cancellationToken);
                    return Ok(report.Length);
                }

                [HttpGet("report")]
                public IActionResult Report()
                {
                    var rows = Enumerable.Range(0, {{g.Number(10, 500)}})
                        .Select(i => new {{n}}Dto(i, "row" + i, i * 1.5m, DateTime.UnixEpoch.AddDays(i)))
                        .ToList();
                    return Ok({{n}}Helpers.Score(rows));
                }

                [HttpPost("import")]
                public async Task<IActionResult> Import(string path, CancellationToken cancellationToken)
                {
                    var body = System.IO.File.ReadAllText(path);
                    var imported = await _service.ImportAsync(path, cancellationToken);
                    return Ok(body.Length + imported);
                }

                [HttpGet("threads")]
                public IActionResult Threads(int count)
                {
                    var threads = new List<Thread>();
                    for (var i = 0; i < count; i++)
                    {
                        var thread = new Thread(() => {{n}}Helpers.Pause({{g.Number(1, 100)}}));
                        thread.Start();
                        threads.Add(thread);
                    }

                    return Ok(threads.Count);
                }

            """);

        if (g.Chance(60))
        {
            b.Append($$"""

                    [HttpDelete("{id:int}")]
                    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
                    {
                        var existing = await _service.GetAsync(id, cancellationToken);
                        if (existing is null)
                        {
                            return NotFound();
                        }

                        await _service.SaveAsync(existing with { Amount = 0 }, cancellationToken);
                        return NoContent();
                    }

                """);
        }

        b.Append("}\n");
        return b.ToString();
    }

    private static string Endpoints(Group g)
    {
        var n = g.Name;
        var r = g.Route;
        return $$"""
            using System;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            namespace {{g.Namespace}};

            public static class {{n}}Endpoints
            {
                public static IEndpointRouteBuilder Map{{n}}(this IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/minimal/{{r}}");
                    group.MapGet("/{id:int}", async (int id, {{n}}Service service, CancellationToken cancellationToken) =>
                    {
                        var dto = await service.GetAsync(id, cancellationToken);
                        return dto is null ? Results.NotFound() : Results.Ok(dto);
                    });
                    group.MapGet("/{id:int}/text", (int id, {{n}}Service service) => service.DescribeAsync(id, default).Result);
                    group.MapPost("/import", async (string path, CancellationToken cancellationToken) =>
                    {
                        var text = File.ReadAllText(path);
                        await Task.Delay({{g.Number(1, 10)}}, cancellationToken);
                        return Results.Ok(text.Length);
                    });
                    group.MapGet("/hash/{value}", (string value) => {{n}}Helpers.Hash(value));
                    group.MapGet("/{{g.Noun()}}", Report);
                    return app;
                }

                private static IResult Report({{n}}Service service)
                {
                    var total = 0L;
                    for (var i = 0; i < {{g.Number(1000, 50000)}}; i++)
                    {
                        total += {{n}}Helpers.Checksum(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    return Results.Ok(total);
                }
            }

            """;
    }
}
