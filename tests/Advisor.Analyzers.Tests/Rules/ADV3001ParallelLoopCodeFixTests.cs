using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV3001ParallelLoopCodeFixTests
{
    private static Task Fix(string source, string fixedSource)
        => new AdvisorTest<ParallelLoopAnalyzer, ParallelLoopCodeFixProvider> { TestCode = source, FixedCode = fixedSource, AspNetCore = true }.RunAsync();

    private const string Usings = """
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;
        using Microsoft.AspNetCore.Mvc;

        """;

    [Fact]
    public Task Parallel_For_in_a_synchronous_action_becomes_a_loop_on_Offload_Cpu()
        => Fix(Usings + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(int[] data)
                {
                    var results = new int[data.Length];
                    [|Parallel.For(0, data.Length, i => results[i] = data[i] * 2)|];
                    return Ok(results);
                }
            }
            """, UsingsWithAdvisor + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> Get(int[] data)
                {
                    var results = new int[data.Length];
                    await Offload.Cpu(() =>
                    {
                        for (int i = 0; i < data.Length; i++)
                        {
                            results[i] = data[i] * 2;
                        }
                    });
                    return Ok(results);
                }
            }
            """);

    [Fact]
    public Task Parallel_ForEach_in_an_async_method_keeps_the_body_and_passes_the_token()
        => Fix(Usings + """
            public class Scorer
            {
                public async Task ScoreAsync(double[] items, double[] scores, CancellationToken ct)
                {
                    await Task.Yield();
                    [|Parallel.ForEach(items, item =>
                    {
                        scores[0] += Math.Sqrt(item);
                    })|];
                }
            }
            """, UsingsWithAdvisor + """
            public class Scorer
            {
                public async Task ScoreAsync(double[] items, double[] scores, CancellationToken ct)
                {
                    await Task.Yield();
                    await Offload.Cpu(() =>
                    {
                        foreach (var item in items)
                        {
                            scores[0] += Math.Sqrt(item);
                        }
                    }, ct);
                }
            }
            """);

    [Fact]
    public Task No_fix_for_loop_state_options_returns_invoke_plinq_or_used_results()
    {
        var source = Usings + """
            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> Get(int[] data, CancellationToken ct)
                {
                    await Task.Yield();
                    [|Parallel.For(0, data.Length, (i, state) => { if (data[i] < 0) state.Stop(); })|];
                    [|Parallel.For(0, data.Length, new ParallelOptions { CancellationToken = ct }, i => data[i]++)|];
                    [|Parallel.ForEach(data, d => { if (d < 0) return; Console.WriteLine(d); })|];
                    [|Parallel.Invoke(() => { }, () => { })|];
                    var result = [|Parallel.For(0, data.Length, i => data[i]++)|];
                    var sum = [|data.AsParallel()|].Sum();
                    return Ok((result.IsCompleted, sum));
                }
            }
            """;
        return new AdvisorTest<ParallelLoopAnalyzer, ParallelLoopCodeFixProvider> { TestCode = source, FixedCode = source, AspNetCore = true }.RunAsync();
    }
}
