using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2001BlockingWaitCodeFixTests
{
    private static Task Fix(string source, string fixedSource)
        => Verify<BlockingWaitAnalyzer>.CodeFix<BlockingWaitCodeFixProvider>(source, fixedSource);

    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Result_becomes_await() => Fix(Usings + """
        class C
        {
            async Task<int> M(Task<int> t)
            {
                await Task.Yield();
                // keep me
                var x = [|t.Result|] + 1; // trailing
                return x;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<int> t)
            {
                await Task.Yield();
                // keep me
                var x = await t + 1; // trailing
                return x;
            }
        }
        """);

    [Fact]
    public Task Member_access_on_result_is_parenthesised() => Fix(Usings + """
        class C
        {
            async Task<int> M(Task<string> t, Task<string> u)
            {
                await Task.Yield();
                return [|t.Result|].Length + [|u.GetAwaiter().GetResult()|]!.Length;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<string> t, Task<string> u)
            {
                await Task.Yield();
                return (await t).Length + (await u)!.Length;
            }
        }
        """);

    [Fact]
    public Task Wait_forms_become_await() => Fix(Usings + """
        class C
        {
            async Task M(Task t, Task t2, Task<int> u, Task[] all, Task[] any, CancellationToken ct)
            {
                [|t.Wait()|];
                [|t2.Wait(ct)|];
                [|u.ConfigureAwait(false).GetAwaiter().GetResult()|];
                [|Task.WaitAll(all)|];
                [|Task.WaitAny(any)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(Task t, Task t2, Task<int> u, Task[] all, Task[] any, CancellationToken ct)
            {
                await t;
                await t2.WaitAsync(ct);
                await u.ConfigureAwait(false);
                await Task.WhenAll(all);
                await Task.WhenAny(any);
            }
        }
        """);

    [Fact]
    public Task WaitAny_value_becomes_index_of_the_winner() => Fix(Usings + """
        class C
        {
            async Task<int> M(Task[] tasks)
            {
                await Task.Yield();
                var index = [|Task.WaitAny(tasks)|];
                return index;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task[] tasks)
            {
                await Task.Yield();
                var index = Array.IndexOf(tasks, await Task.WhenAny(tasks));
                return index;
            }
        }
        """);

    [Fact]
    public Task Non_async_task_method_is_made_async_and_returns_adjusted() => Fix(Usings + """
        class C
        {
            public Task<int> M(Task<int> t, bool flag)
            {
                if (flag)
                {
                    return Task.FromResult([|t.Result|]);
                }

                return Other();
            }

            Task N(Task t, bool flag)
            {
                [|t.Wait()|];
                if (flag) return Task.CompletedTask;
                return Task.Delay(1);
            }

            Task<int> Other() => Task.FromResult(1);
        }
        """, Usings + """
        class C
        {
            public async Task<int> M(Task<int> t, bool flag)
            {
                if (flag)
                {
                    return await t;
                }

                return await Other();
            }

            async Task N(Task t, bool flag)
            {
                await t;
                if (flag) return;
                await Task.Delay(1);
            }

            Task<int> Other() => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task Expression_bodied_method_and_lambda_are_made_async() => Fix(Usings + """
        class C
        {
            Task<int> M(Task<int> t) => Task.FromResult([|t.Result|] + 1);

            void N(Task<string> t)
            {
                Func<Task<int>> f = () => Task.FromResult([|t.Result|].Length);
            }

            ValueTask<int> V(Task<int> t) => new ValueTask<int>([|t.Result|]);
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<int> t) => await t + 1;

            void N(Task<string> t)
            {
                Func<Task<int>> f = async () => (await t).Length;
            }

            async ValueTask<int> V(Task<int> t) => await t;
        }
        """);

    [Fact]
    public Task Local_function_is_made_async() => Fix(Usings + """
        class C
        {
            void M(Task<int> t)
            {
                Task<int> Local()
                {
                    var x = [|t.Result|];
                    return Task.FromResult(x);
                }
            }
        }
        """, Usings + """
        class C
        {
            void M(Task<int> t)
            {
                async Task<int> Local()
                {
                    var x = await t;
                    return x;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_makes_the_method_async_once() => Fix(Usings + """
        class C
        {
            Task<int> M(Task<int> a, Task<int> b)
            {
                var x = [|a.Result|];
                var y = [|b.Result|];
                return Task.FromResult(x + y);
            }

            async Task<int> N(Task<int> a) => [|a.Result|] + await a;
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Task<int> a, Task<int> b)
            {
                var x = await a;
                var y = await b;
                return x + y;
            }

            async Task<int> N(Task<int> a) => await a + await a;
        }
        """);

    [Fact]
    public async Task No_fix_inside_lock_or_for_timeouts_or_by_ref_methods()
    {
        var source = Usings + """
            class C
            {
                private readonly object _gate = new();

                async Task<int> M(Task<int> t)
                {
                    await Task.Yield();
                    lock (_gate)
                    {
                        return [|t.Result|];
                    }
                }

                async Task<bool> N(Task t)
                {
                    await Task.Yield();
                    return [|t.Wait(100)|];
                }

                Task<int> O(Task<int> t, Span<int> span) => Task.FromResult([|t.Result|] + span.Length);
            }
            """;
        var test = new AdvisorTest<BlockingWaitAnalyzer, BlockingWaitCodeFixProvider> { TestCode = source, FixedCode = source };
        await test.RunAsync();
    }
}
