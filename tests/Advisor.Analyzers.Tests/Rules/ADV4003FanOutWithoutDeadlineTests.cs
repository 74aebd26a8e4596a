using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4003FanOutWithoutDeadlineTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Run(string source)
    {
        var test = new AdvisorTest<FanOutWithoutDeadlineAnalyzer> { TestCode = Usings + source }.WithResilience();
        return test.RunAsync();
    }

    [Fact]
    public Task Fan_outs_without_deadline_are_reported() => Run("""
        class C
        {
            private readonly HttpClient _http = new();

            Task<string[]> Select(string[] urls, CancellationToken ct) => [|Task.WhenAll(urls.Select(u => _http.GetStringAsync(u, ct)))|];

            async Task<string[]> AsyncLambda(string[] urls) => await [|Task.WhenAll(urls.Select(async u => await _http.GetStringAsync(u)))|];

            async Task Params() => await [|Task.WhenAll(_http.GetAsync("https://a.example/"), _http.GetAsync("https://b.example/"))|];

            async Task Locals(string[] urls)
            {
                var tasks = new List<Task<string>>();
                foreach (var u in urls)
                {
                    tasks.Add(_http.GetStringAsync(u));
                }

                await [|Task.WhenAll(tasks)|];
            }
        }
        """);

    [Fact]
    public Task Deadlines_and_non_downstream_fan_outs_are_not_reported() => Run("""
        using Advisor;
        class C
        {
            private readonly HttpClient _http = new();

            async Task WaitAsync(string[] urls, CancellationToken ct)
                => await Task.WhenAll(urls.Select(u => _http.GetStringAsync(u, ct))).WaitAsync(TimeSpan.FromSeconds(1), ct);

            async Task TimeoutToken(string[] urls)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Task.WhenAll(urls.Select(u => _http.GetStringAsync(u, cts.Token)));
            }

            async Task NotDownstream() => await Task.WhenAll(Task.Delay(1), Task.Delay(2));

            async Task InsideScatterGather(string[][] groups, CancellationToken token)
                => await ScatterGather.WithDeadline(groups, async (g, ct) => await Task.WhenAll(g.Select(u => _http.GetStringAsync(u, ct))), TimeSpan.FromSeconds(1), token);

            async Task InsideGuard(string[] urls, CancellationToken token)
                => await Downstream.Guard("x").ExecuteAsync(async ct => await Task.WhenAll(urls.Select(u => _http.GetStringAsync(u, ct))), token);
        }
        """);
}
