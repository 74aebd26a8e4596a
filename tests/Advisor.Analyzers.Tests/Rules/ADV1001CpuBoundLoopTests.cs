using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV1001CpuBoundLoopTests
{
    private static Task Verify(string source, string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = new AdvisorTest<CpuBoundLoopAnalyzer> { TestCode = source, AspNetCore = true, EditorConfig = editorConfig };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Numerics;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.Json;
        using System.Text.RegularExpressions;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Advisor;

        """;

    // ---- Positives: every entry-point kind and every kind of CPU work ----

    [Fact]
    public Task Nested_pixel_loops_in_a_controller_action_are_reported_with_the_ranges()
        => Verify(Usings + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Blur(byte[] pixels, int width, int height)
                {
                    var output = new byte[pixels.Length];
                    {|#0:for|} (var y = 1; y < height - 1; y++)
                    {
                        for (var x = 1; x < width - 1; x++)
                        {
                            var i = y * width + x;
                            output[i] = (byte)((pixels[i - 1] + pixels[i] + pixels[i + 1]) / 3);
                        }
                    }

                    return File(output, "image/raw");
                }
            }
            """, null, new DiagnosticResult(Descriptors.ADV1001_CpuBoundLoop).WithLocation(0)
                .WithArguments("This loop nest", "nested loops over height - 1 x width - 1 with arithmetic and indexing"));

    [Fact]
    public Task Checksum_loop_over_a_span_in_an_async_method_is_reported()
        => Verify(Usings + """
            public class Checksums
            {
                public async Task<uint> ComputeAsync(Func<Task<byte[]>> load)
                {
                    var data = await load();
                    uint crc = 0xFFFFFFFF;
                    [|foreach|] (var b in data)
                    {
                        crc = (crc >> 8) ^ (uint)((crc ^ b) & 0xFF);
                    }

                    return ~crc;
                }
            }
            """);

    [Fact]
    public Task Loops_calling_heavy_apis_per_item_are_reported()
        => Verify(Usings + """
            public class Tokens
            {
                public async Task<List<string>> HashAllAsync(IEnumerable<string> values, Regex pattern, List<int[]> batches)
                {
                    await Task.Yield();
                    var result = new List<string>();
                    [|foreach|] (var value in values)
                    {
                        result.Add(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))));
                    }

                    [|foreach|] (var value in values)
                    {
                        if (pattern.IsMatch(value)) result.Add(value);
                    }

                    [|foreach|] (var value in values)
                    {
                        result.Add(JsonSerializer.Serialize(value));
                    }

                    [|foreach|] (var batch in batches)
                    {
                        Array.Sort(batch);
                    }

                    return result;
                }
            }
            """);

    [Fact]
    public Task Minimal_api_lambda_and_method_group_handlers_are_request_path_even_when_synchronous()
        => Verify(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/primes/{n}", (int n) =>
                    {
                        var count = 0;
                        [|for|] (var i = 2; i < n; i++)
                        {
                            var prime = true;
                            for (var d = 2; d * d <= i; d++) { if (i % d == 0) { prime = false; break; } }
                            if (prime) count++;
                        }

                        return count;
                    });
                    app.MapGet("/sum/{n}", Sum);
                }

                private static long Sum(int n)
                {
                    long total = 0;
                    [|for|] (var i = 0; i < n; i++) { total += (long)i * i % 7; }
                    return total;
                }
            }
            """);

    [Fact]
    public Task Razor_page_handler_hub_method_middleware_and_grpc_override_are_request_path()
        => Verify(Usings + """
            namespace Grpc.Core { public abstract class ServerCallContext { } }

            public class IndexModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
            {
                public int Result { get; set; }
                public void OnGet(int[] values) { [|foreach|] (var v in values) { Result += v * v % 13; } }
            }

            public class ScoreHub : Microsoft.AspNetCore.SignalR.Hub
            {
                public double Score(double[] v) { double s = 0; [|for|] (var i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; }
            }

            public class SigningMiddleware
            {
                private readonly RequestDelegate _next;
                public SigningMiddleware(RequestDelegate next) => _next = next;
                public Task InvokeAsync(HttpContext context)
                {
                    var key = {|ADV1001:Rfc2898DeriveBytes.Pbkdf2("secret", new byte[16], 600_000, HashAlgorithmName.SHA256, 32)|};
                    context.Items["key"] = key;
                    return _next(context);
                }
            }

            public abstract class CalcBase { public abstract Task<long> Factor(long n, Grpc.Core.ServerCallContext context); }
            public class CalcService : CalcBase
            {
                public override Task<long> Factor(long n, Grpc.Core.ServerCallContext context)
                {
                    long f = 2;
                    [|while|] (n > 1) { if (n % f == 0) n /= f; else f += 1; }
                    return Task.FromResult(f);
                }
            }
            """);

    [Fact]
    public Task RequestPath_attribute_editorconfig_entries_and_cpu_bound_members_are_honoured()
        => Verify(Usings + """
            public class Renderer
            {
                [CpuBound] public static string Render(string template) => template;
            }

            public class Jobs
            {
                [RequestPath]
                public string Handle(string t) => {|ADV1001:Renderer.Render(t)|};

                public long Configured(long[] xs) { long h = 17; [|foreach|] (var x in xs) { h = h * 31 + (x ^ (x >> 7)); } return h; }

                public long NotAnEntry(long[] xs) { long h = 17; foreach (var x in xs) { h = h * 31 + (x ^ (x >> 7)); } return h; }
            }
            """, "advisor.request_path.entry_points = Jobs.Configured");

    [Fact]
    public Task Recursion_that_follows_the_input_in_an_entry_point_is_reported()
        => Verify(Usings + """
            public class MathController : ControllerBase
            {
                [HttpGet] public long Fib(int n) => n < 2 ? n : {|ADV1001:Fib(n - 1)|} + {|ADV1001:Fib(n - 2)|};
            }
            """);

    [Fact]
    public Task BigInteger_arithmetic_in_a_loop_is_reported()
        => Verify(Usings + """
            public class RsaController : ControllerBase
            {
                [HttpGet] public string Power(int e)
                {
                    BigInteger acc = 1;
                    [|for|] (var i = 0; i < e; i++) { acc = acc * 3; }
                    return acc.ToString();
                }
            }
            """);

    [Fact]
    public Task Async_lambdas_local_functions_and_top_level_handlers_are_checked()
        => Verify(Usings + """
            public class Service
            {
                public Func<int[], Task<int>> Make() => async values =>
                {
                    await Task.Yield();
                    var s = 0;
                    [|for|] (var i = 0; i < values.Length; i++) { s += values[i] * values[i] % 11; }
                    return s;
                };

                public async Task<int> Outer(int[] values)
                {
                    await Task.Yield();
                    return Local();
                    int Local() { var s = 0; [|foreach|] (var v in values) { s ^= v << 3 | v >> 2; } return s; }
                }
            }
            """);

    [Fact]
    public Task Thresholds_are_configurable()
        => Verify(Usings + """
            public class C
            {
                public async Task<int> A(int[] values)
                {
                    await Task.Yield();
                    var s = 0;
                    [|foreach|] (var v in values) { s += v; }
                    [|for|] (var i = 0; i < 8; i++) { for (var j = 0; j < 8; j++) { s += i * j; } }
                    return s;
                }
            }
            """, "advisor.cpu.loop_threshold = 1\nadvisor.cpu.small_loop_limit = 4");

    // ---- Negatives ----

    [Fact]
    public Task Loops_that_await_are_not_reported_but_await_free_loops_inside_them_are()
        => Verify(Usings + """
            public class C
            {
                public async Task<long> A(IEnumerable<Func<Task<int[]>>> sources)
                {
                    long total = 0;
                    foreach (var source in sources)
                    {
                        var data = await source();
                        [|for|] (var i = 0; i < data.Length; i++) { total += data[i] * data[i] % 7; }
                    }

                    foreach (var source in sources)
                    {
                        var data = await source();
                        total += data.Length * 2 + 1 + data[0] * data[1];
                    }

                    await foreach (var x in Stream()) { total += x * x % 3 + (x >> 1); }

                    return total;
                }

                private static async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }
            }
            """);

    [Fact]
    public Task Small_constant_loops_mapping_filtering_copying_and_string_building_are_not_reported()
        => Verify(Usings + """
            public record Order(int Id, string Name, decimal Price, int Quantity, bool Active);
            public record OrderDto(int Id, string Name, decimal Total);

            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> Get(Func<Task<List<Order>>> load)
                {
                    var orders = await load();
                    var result = new List<OrderDto>();
                    foreach (var order in orders)
                    {
                        if (!order.Active) continue;
                        result.Add(new OrderDto(order.Id, order.Name, order.Price * order.Quantity));
                    }

                    var sb = new StringBuilder();
                    foreach (var order in orders) { sb.Append(order.Id).Append(',').Append(order.Name); }

                    var csv = "";
                    for (var i = 0; i < orders.Count; i++) { csv += orders[i].Name + ";"; }

                    var checksum = 0;
                    for (var i = 0; i < 10; i++) { checksum += i * i % 3; }

                    foreach (var d in new[] { 1, 2, 3 }) { checksum += d * d * d; }

                    var matrix = new int[4, 4];
                    for (var r = 0; r < 4; r++) for (var c = 0; c < 4; c++) matrix[r, c] = r * c;

                    decimal total = 0;
                    foreach (var order in orders) foreach (var line in orders) total += line.Price * order.Quantity;

                    return Ok((result, sb.ToString(), csv, checksum, total));
                }
            }
            """);

    [Fact]
    public Task Work_already_offloaded_or_in_background_services_or_startup_is_not_reported()
        => Verify(Usings + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public async Task<int> Get(int[] data, CancellationToken ct)
                {
                    var a = await Task.Run(() => { var s = 0; for (var i = 0; i < data.Length; i++) { s += data[i] * data[i] % 7; } return s; }, ct);
                    var b = await Offload.Cpu(() => { var s = 0; for (var i = 0; i < data.Length; i++) { s += data[i] * data[i] % 7; } return s; }, ct);
                    return a + b;
                }
            }

            public class Worker : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    var s = 0;
                    for (var i = 0; i < 1_000_000; i++) { s += i * i % 7; }
                }
            }

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    await Task.Yield();
                    var s = 0;
                    for (var i = 0; i < args.Length; i++) { s += args[i].Length * 3 % 7; }
                }
            }
            """);

    [Fact]
    public Task Synchronous_code_not_on_the_request_path_is_not_reported()
        => Verify(Usings + """
            public class Library
            {
                public int Checksum(byte[] data) { var s = 0; foreach (var b in data) { s = (s * 31) ^ b; } return s; }
                public byte[] Derive() => Rfc2898DeriveBytes.Pbkdf2("p", new byte[16], 600_000, HashAlgorithmName.SHA256, 32);
            }
            """);

    [Fact]
    public Task Async_contexts_can_be_excluded_from_the_request_path()
        => Verify(Usings + """
            public class Library
            {
                public async Task<int> ChecksumAsync(Func<Task<byte[]>> load) { var data = await load(); var s = 0; foreach (var b in data) { s = (s * 31) ^ b; } return s; }
            }
            """, "advisor.request_path.async_contexts = false");

    [Fact]
    public Task Cheap_single_calls_and_small_iteration_key_derivation_are_not_reported()
        => Verify(Usings + """
            public class AuthController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(string value, Regex regex)
                {
                    var hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
                    var ok = regex.IsMatch(value);
                    var key = Rfc2898DeriveBytes.Pbkdf2("p", new byte[16], 1_000, HashAlgorithmName.SHA256, 32);
                    var json = JsonSerializer.Serialize(value);
                    return Ok((hash, ok, key, json));
                }

                [HttpGet] public int Depth(Node node) => node.Next is null ? 0 : 1 + Depth(node.Next);
            }

            public class Node { public Node? Next { get; set; } }
            """);
}
