using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4002SequentialFanOutCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Fix(string source, string fixedSource, int action)
    {
        var test = new AdvisorTest<SequentialFanOutAnalyzer, SequentialFanOutCodeFixProvider>
        {
            TestCode = Usings + source,
            FixedCode = fixedSource,
            CodeActionIndex = action,
            CodeActionEquivalenceKey = action == 0 ? "ADV4002.ScatterGather" : "ADV4002.WhenAll",
            EditorConfig = "advisor.fan_out.deadline_ms = 250",
        }.WithResilience();
        return test.RunAsync();
    }

    private const string Source = """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<List<string>> M(string[] shards, CancellationToken cancellationToken)
            {
                var pages = new List<string>();
                [|foreach|] (var shard in shards)
                {
                    var page = await _http.GetStringAsync(shard, cancellationToken);
                    pages.Add(shard + page);
                }

                return pages;
            }

            async Task Notify(int[] ids)
            {
                [|foreach|] (var id in ids)
                {
                    await _http.PostAsync("https://n.example/" + id, null);
                }
            }
        }
        """;

    [Fact]
    public Task ScatterGather_action() => Fix(Source, "using Advisor;\n" + Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<List<string>> M(string[] shards, CancellationToken cancellationToken)
            {
                var pages = new List<string>();
                foreach (var gathered in (await ScatterGather.WithDeadline(shards, async (shard, ct) => await _http.GetStringAsync(shard, ct), TimeSpan.FromMilliseconds(250), cancellationToken)).Items.Where(g => g.Succeeded))
                {
                    var shard = gathered.Item;
                    var page = gathered.Value!;
                    pages.Add(shard + page);
                }

                return pages;
            }

            async Task Notify(int[] ids)
            {
                await ScatterGather.WithDeadline(ids, async (id, ct) => { await _http.PostAsync("https://n.example/" + id, null, ct); return true; }, TimeSpan.FromMilliseconds(250));
            }
        }
        """, 0);

    [Fact]
    public Task WhenAll_action() => Fix(Source, Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<List<string>> M(string[] shards, CancellationToken cancellationToken)
            {
                var pages = new List<string>();
                var results = await Task.WhenAll(shards.Select(shard => _http.GetStringAsync(shard, cancellationToken)));
                foreach (var (shard, result) in shards.Zip(results))
                {
                    var page = result;
                    pages.Add(shard + page);
                }

                return pages;
            }

            async Task Notify(int[] ids)
            {
                await Task.WhenAll(ids.Select(id => _http.PostAsync("https://n.example/" + id, null)));
            }
        }
        """, 1);
}
