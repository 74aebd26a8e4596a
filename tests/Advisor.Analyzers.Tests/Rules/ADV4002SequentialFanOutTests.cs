using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4002SequentialFanOutTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Run(string source) => Verify<SequentialFanOutAnalyzer>.Analyzer(Usings + source);

    [Fact]
    public Task Independent_calls_in_foreach_and_for_are_reported() => Run("""
        class C
        {
            private readonly HttpClient _http = new();

            async Task<List<string>> Collect(string[] shards, string query, CancellationToken ct)
            {
                var results = new List<string>();
                [|foreach|] (var shard in shards)
                {
                    var url = shard + "?q=" + query;
                    var page = await _http.GetStringAsync(url, ct).ConfigureAwait(false);
                    results.Add(page.Trim());
                }

                return results;
            }

            async Task<int> Sum(int n)
            {
                var total = 0;
                [|for|] (var i = 0; i < n; i++)
                {
                    total += (await _http.GetStringAsync("https://x.example/" + i)).Length;
                }

                return total;
            }

            async Task Post(IEnumerable<int> ids)
            {
                [|foreach|] (var id in ids)
                {
                    await _http.PostAsync("https://x.example/" + id, null);
                }
            }

            async Task<Dictionary<int, string>> ByKey(int[] ids)
            {
                var map = new Dictionary<int, string>();
                [|foreach|] (var id in ids)
                {
                    map[id] = await _http.GetStringAsync("https://x.example/" + id);
                }

                return map;
            }

            void Lambda(string[] shards) => _ = (Func<Task>)(async () =>
            {
                [|foreach|] (var s in shards) { await _http.DeleteAsync(s); }
            });
        }
        """);

    [Fact]
    public Task Dependent_awaits_are_not_reported() => Run("""
        class C
        {
            private readonly HttpClient _http = new();

            async Task<string> Paging(string[] pages)
            {
                var cursor = "";
                foreach (var p in pages)
                {
                    cursor = await _http.GetStringAsync("https://x.example/" + p + cursor);
                }

                return cursor;
            }

            async Task<List<string>> UsesAccumulator(string[] items)
            {
                var seen = new List<string>();
                foreach (var item in items)
                {
                    var r = await _http.GetStringAsync("https://x.example/" + item + seen.Count);
                    seen.Add(r);
                }

                return seen;
            }

            async Task<string?> BreaksOnResult(string[] items)
            {
                foreach (var item in items)
                {
                    var r = await _http.GetStringAsync(item);
                    if (r.Length > 0)
                    {
                        break;
                    }
                }

                return null;
            }

            async Task<string?> ReturnsResult(string[] items)
            {
                foreach (var item in items)
                {
                    var r = await _http.GetStringAsync(item);
                    if (r.Length > 0)
                    {
                        return r;
                    }
                }

                return null;
            }

            async Task Chained(string[] items)
            {
                var last = "";
                foreach (var item in items)
                {
                    var r = await _http.GetStringAsync(item);
                    last = r;
                }
            }

            async Task NotDownstream(string[] items)
            {
                foreach (var item in items)
                {
                    await Task.Delay(10);
                }
            }

            async Task AwaitForeach(IAsyncEnumerable<string> items)
            {
                await foreach (var item in items)
                {
                    await _http.GetStringAsync(item);
                }
            }
        }
        """);

    [Fact]
    public Task Calls_already_inside_scatter_gather_are_not_reported() => Run("""
        using Advisor;
        class C
        {
            private readonly HttpClient _http = new();

            async Task M(string[][] groups, CancellationToken token)
            {
                await ScatterGather.WithDeadline(groups, async (group, ct) =>
                {
                    var n = 0;
                    foreach (var item in group)
                    {
                        n += (await _http.GetStringAsync(item, ct)).Length;
                    }

                    return n;
                }, TimeSpan.FromSeconds(1), token);
            }
        }
        """);

    [Fact]
    public Task Database_connection_sequences_are_not_reported() => Run("""
        using System.Data.Common;
        class C
        {
            async Task M(DbConnection connection, string[] statements)
            {
                foreach (var sql in statements)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    await command.ExecuteNonQueryAsync();
                }
            }
        }
        """);

    [Fact]
    public async Task EF_core_sequences_on_one_DbContext_are_not_reported()
    {
        await References.EnsureEfCore80Async();
        var test = new AdvisorTest<SequentialFanOutAnalyzer>
        {
            ReferenceAssemblies = References.EfCore80,
            TestCode = Usings + """
                using Microsoft.EntityFrameworkCore;
                class Order { public int Id { get; set; } }
                class Shop : DbContext { public DbSet<Order> Orders => Set<Order>(); }
                class C
                {
                    async Task M(Shop db, int[] ids)
                    {
                        var found = new List<Order?>();
                        foreach (var id in ids)
                        {
                            found.Add(await db.Orders.FindAsync(id));
                            found.Add(await db.Orders.FirstOrDefaultAsync(o => o.Id == id));
                        }
                    }
                }
                """,
            EditorConfig = "advisor.downstream_types = Microsoft.EntityFrameworkCore.DbSet`1, Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions",
        };
        await test.RunAsync();
    }

    [Fact]
    public Task User_listed_downstream_types_are_reported()
    {
        var test = new AdvisorTest<SequentialFanOutAnalyzer>
        {
            TestCode = Usings + """
                namespace Shop
                {
                    class Inventory { public Task<int> CountAsync(string sku) => Task.FromResult(1); }
                    class C
                    {
                        async Task<int> M(Inventory inventory, string[] skus)
                        {
                            var total = 0;
                            [|foreach|] (var sku in skus)
                            {
                                total += await inventory.CountAsync(sku);
                            }

                            return total;
                        }
                    }
                }
                """,
            EditorConfig = "advisor.downstream_types = Shop.Inventory",
        };
        return test.RunAsync();
    }
}
