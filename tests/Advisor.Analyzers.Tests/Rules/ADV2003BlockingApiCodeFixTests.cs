using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2003BlockingApiCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;

        """;

    private static Task Fix(string source, string fixedSource)
        => Verify<BlockingApiAnalyzer>.CodeFix<BlockingApiCodeFixProvider>(source, fixedSource);

    [Fact]
    public Task A_value_is_preserved_and_the_token_in_scope_forwarded() => Fix(Usings + """
        class C
        {
            async Task<int> M(BlockingCollection<string> queue, CancellationToken cancellationToken)
            {
                await Task.Yield();
                // next request
                var line = [|queue.Take()|].Trim(); // trailing
                return line.Length + [|Console.Read()|];
            }
        }
        """, UsingsWithAdvisor + """
        class C
        {
            async Task<int> M(BlockingCollection<string> queue, CancellationToken cancellationToken)
            {
                await Task.Yield();
                // next request
                var line = (await Offload.Blocking(() => queue.Take(), cancellationToken)).Trim(); // trailing
                return line.Length + await Offload.Blocking(() => Console.Read(), cancellationToken);
            }
        }
        """);

    [Fact]
    public Task A_void_call_uses_the_action_overload_and_no_token_is_invented() => Fix(Usings + """
        class C
        {
            private readonly Thread _worker = new(() => { });

            async Task M()
            {
                await Task.Yield();
                [|_worker.Join()|];
            }
        }
        """, UsingsWithAdvisor + """
        class C
        {
            private readonly Thread _worker = new(() => { });

            async Task M()
            {
                await Task.Yield();
                await Offload.Blocking(() => _worker.Join());
            }
        }
        """);

    [Fact]
    public Task A_task_returning_method_becomes_async_and_configure_await_style_is_kept() => Fix(Usings + """
        using Advisor;

        class C
        {
            private readonly ManualResetEventSlim _ready = new();

            Task<bool> Ready(CancellationToken ct)
            {
                [|_ready.Wait()|];
                return Task.FromResult(true);
            }

            async Task Other(CancellationToken ct)
            {
                await Task.Delay(1, ct).ConfigureAwait(false);
                [|_ready.Wait()|];
            }
        }
        """, Usings + """
        using Advisor;

        class C
        {
            private readonly ManualResetEventSlim _ready = new();

            async Task<bool> Ready(CancellationToken ct)
            {
                await Offload.Blocking(() => _ready.Wait(), ct);
                return true;
            }

            async Task Other(CancellationToken ct)
            {
                await Task.Delay(1, ct).ConfigureAwait(false);
                await Offload.Blocking(() => _ready.Wait(), ct).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Lambdas_and_top_level_fix_all() => Fix(Usings + """
        class C
        {
            private readonly ManualResetEvent _a = new(false);

            void Register(Func<CancellationToken, Task<bool>> handler) { }

            void M()
            {
                Register(async token =>
                {
                    await Task.Yield();
                    [|_a.WaitOne()|];
                    return [|_a.WaitOne(1000)|];
                });
            }
        }
        """, UsingsWithAdvisor + """
        class C
        {
            private readonly ManualResetEvent _a = new(false);

            void Register(Func<CancellationToken, Task<bool>> handler) { }

            void M()
            {
                Register(async token =>
                {
                    await Task.Yield();
                    await Offload.Blocking(() => _a.WaitOne(), token);
                    return await Offload.Blocking(() => _a.WaitOne(1000), token);
                });
            }
        }
        """);

    [Fact]
    public Task No_fix_for_out_arguments_or_lazy_sequences()
    {
        var source = Usings + """
            class C
            {
                async Task M(BlockingCollection<int> queue)
                {
                    await Task.Yield();
                    [|queue.TryTake(out var item, 100)|];
                    int other;
                    [|queue.TryTake(out other, 100)|];
                    // Blocks while enumerated, not when called: offloading the call would move nothing.
                    foreach (var x in [|queue.GetConsumingEnumerable()|]) { }
                }
            }
            """;
        return Fix(source, source);
    }

    [Fact]
    public async Task No_fix_without_Advisor_Runtime()
    {
        var source = Usings + """
            class C
            {
                async Task M()
                {
                    await Task.Yield();
                    _ = [|Console.ReadLine()|];
                }
            }
            """;
        var test = new AdvisorTest<BlockingApiAnalyzer, BlockingApiCodeFixProvider> { TestCode = source, FixedCode = source }.WithoutRuntime();
        await test.RunAsync();
    }
}
