using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4003FanOutWithoutDeadlineCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Fix(string source, string fixedSource, int action)
    {
        var test = new AdvisorTest<FanOutWithoutDeadlineAnalyzer, FanOutWithoutDeadlineCodeFixProvider>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionIndex = action,
            CodeActionEquivalenceKey = action == 0 ? "ADV4003.ScatterGather" : "ADV4003.WaitAsync",
            EditorConfig = "advisor.fan_out.deadline_ms = 300",
        }.WithResilience();
        return test.RunAsync();
    }

    private const string Source = Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<int> M(string[] shards, CancellationToken ct)
            {
                var pages = await [|Task.WhenAll(shards.Select(s => _http.GetStringAsync(s, ct)))|];
                var more = await [|Task.WhenAll(shards.Select(s => _http.GetStringAsync(s + "/2")))|];
                return pages.Length + more.Length;
            }
        }
        """;

    [Fact]
    public Task ScatterGather_action_returns_the_results_in_time_for_every_fan_out() => Fix(Source, "using Advisor;\n" + Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<int> M(string[] shards, CancellationToken ct)
            {
                var pages = (await ScatterGather.WithDeadline(shards, async (s, token) => await _http.GetStringAsync(s, token), TimeSpan.FromMilliseconds(300), ct)).Values.ToArray();
                var more = (await ScatterGather.WithDeadline(shards, async (s, token) => await _http.GetStringAsync(s + "/2", token), TimeSpan.FromMilliseconds(300), ct)).Values.ToArray();
                return pages.Length + more.Length;
            }
        }
        """, 0);

    [Fact]
    public Task WaitAsync_action_adds_the_deadline_and_token() => Fix(Source, Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<int> M(string[] shards, CancellationToken ct)
            {
                var pages = await Task.WhenAll(shards.Select(s => _http.GetStringAsync(s, ct))).WaitAsync(TimeSpan.FromMilliseconds(300), ct);
                var more = await Task.WhenAll(shards.Select(s => _http.GetStringAsync(s + "/2"))).WaitAsync(TimeSpan.FromMilliseconds(300), ct);
                return pages.Length + more.Length;
            }
        }
        """, 1);
}
