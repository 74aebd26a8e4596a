using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV3001ParallelLoopTests
{
    private static Task Verify(string source, string? editorConfig = null)
        => new AdvisorTest<ParallelLoopAnalyzer> { TestCode = source, AspNetCore = true, EditorConfig = editorConfig }.RunAsync();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Advisor;

        """;

    [Fact]
    public Task Parallel_loops_and_plinq_in_request_path_code_are_reported()
        => Verify(Usings + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(int[] data)
                {
                    var results = new int[data.Length];
                    [|Parallel.For(0, data.Length, i => results[i] = data[i] * 2)|];
                    [|Parallel.ForEach(data, d => Console.WriteLine(d))|];
                    [|Parallel.Invoke(() => { }, () => { })|];
                    var sum = [|data.AsParallel()|].Select(x => x * x).Sum();
                    return Ok(Helper.Sum(data) + sum);
                }
            }

            public static class Helper
            {
                public static int Sum(int[] data) { var s = 0; [|Parallel.ForEach(data, d => Interlocked.Add(ref s, d))|]; return s; }
            }

            public class Service
            {
                public async Task<int> RunAsync(int[] data) { await Task.Yield(); return [|data.AsParallel()|].Sum(); }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/p", (int n) => { [|Parallel.For(0, n, i => { })|]; return n; });
            }
            """);

    [Fact]
    public Task Offloaded_background_startup_unreached_and_ForEachAsync_are_not_reported()
        => Verify(Usings + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> Get(int[] data, CancellationToken ct)
                {
                    await Offload.Cpu(() => Parallel.For(0, data.Length, i => { }), ct);
                    await Task.Run(() => data.AsParallel().Sum(), ct);
                    await Parallel.ForEachAsync(data, ct, async (d, token) => await Task.Delay(d, token));
                    return Ok();
                }
            }

            public class Worker : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) { Parallel.For(0, 10, i => { }); return Task.CompletedTask; }
            }

            public static class Tools
            {
                public static void Main() => Parallel.For(0, 10, i => { });
                public static int Batch(int[] data) => data.AsParallel().Sum();
            }
            """);
}
