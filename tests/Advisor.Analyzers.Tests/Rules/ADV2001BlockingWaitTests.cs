using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2001BlockingWaitTests
{
    private static Task Verify(string source) => Verify<BlockingWaitAnalyzer>.Analyzer(source);

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Result_in_async_method_is_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t)
            {
                await Task.Yield();
                return [|t.Result|];
            }
        }
        """);

    [Fact]
    public Task Every_wait_form_is_reported() => Verify(Usings + """
        class C
        {
            async Task M(Task<int> t, Task u, ValueTask<int> vt, ValueTask v, CancellationToken ct)
            {
                var a = [|t.Result|];
                [|u.Wait()|];
                [|u.Wait(ct)|];
                var ok = [|u.Wait(1000)|];
                var b = [|t.GetAwaiter().GetResult()|];
                var c = [|t.ConfigureAwait(false).GetAwaiter().GetResult()|];
                var d = [|vt.Result|];
                var e = [|vt.GetAwaiter().GetResult()|];
                [|v.GetAwaiter().GetResult()|];
                [|Task.WaitAll(t, u)|];
                var i = [|Task.WaitAny(t, u)|];
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Task_returning_method_without_async_is_an_async_context() => Verify(Usings + """
        class C
        {
            Task<int> M(Task<int> t) => Task.FromResult([|t.Result|] + 1);
            ValueTask N(Task t) { [|t.Wait()|]; return default; }
        }
        """);

    [Fact]
    public Task Async_lambda_and_local_function_are_async_contexts() => Verify(Usings + """
        class C
        {
            void M(Task<int> t)
            {
                Func<Task<int>> f = async () => { await Task.Yield(); return [|t.Result|]; };
                Func<Task<int>> g = () => Task.FromResult([|t.Result|]);
                async Task<int> Local() { await Task.Yield(); return [|t.Result|]; }
            }
        }
        """);

    [Fact]
    public Task Async_iterator_is_an_async_context() => Verify(Usings + """
        class C
        {
            async IAsyncEnumerable<int> M(Task<int> t)
            {
                await Task.Yield();
                yield return [|t.Result|];
            }
        }
        """);

    [Fact]
    public async Task Top_level_statements_with_await_are_an_async_context()
    {
        var test = new AdvisorTest<BlockingWaitAnalyzer>
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestCode = Usings + """
                var t = Task.Run(() => 42);
                await Task.Yield();
                Console.WriteLine([|t.Result|]);
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Top_level_statements_without_await_are_synchronous()
    {
        var test = new AdvisorTest<BlockingWaitAnalyzer>
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestCode = Usings + """
                var t = Task.Run(() => 42);
                Console.WriteLine(t.Result);
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task Synchronous_methods_are_not_reported() => Verify(Usings + """
        class C
        {
            int M(Task<int> t) { t.Wait(); return t.Result + t.GetAwaiter().GetResult(); }
            static void Main(Task t) { Task.WaitAll(t); }
        }
        """);

    [Fact]
    public Task Synchronous_lambda_or_local_function_inside_async_method_is_not_reported() => Verify(Usings + """
        class C
        {
            async Task M(Task<int> t, List<Task<int>> tasks)
            {
                Func<int> f = () => t.Result;
                int Local() => t.Result;
                var offloaded = await Task.Run(() => t.Result);
                var continued = await t.ContinueWith(p => p.Result * 2);
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Task_awaited_earlier_is_complete() => Verify(Usings + """
        class C
        {
            private Task<int> _field = Task.Run(() => 1);

            async Task<int> M(Task<int> t, Task u)
            {
                await t;
                await u.ConfigureAwait(false);
                await _field;
                u.Wait();
                return t.Result + _field.Result + t.GetAwaiter().GetResult();
            }
        }
        """);

    [Fact]
    public Task Task_awaited_through_WhenAll_is_complete() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> a, Task<int> b, List<Task<int>> list, Task<int>[] array)
            {
                await Task.WhenAll(a, b);
                await Task.WhenAll(list);
                var all = Task.WhenAll(array);
                await all;
                var sum = a.Result + b.Result + list[0].Result + array[1].Result;
                foreach (var t in list)
                {
                    sum += t.Result;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task Task_reassigned_after_await_is_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t, Func<Task<int>> next)
            {
                await t;
                t = next();
                return [|t.Result|];
            }
        }
        """);

    [Fact]
    public Task Await_of_another_task_does_not_complete_this_one() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t, Task<int> other, List<Task<int>> list)
            {
                await other;
                await Task.WhenAny(list);
                return [|t.Result|] + [|list[0].Result|];
            }
        }
        """);

    [Fact]
    public Task Completion_checks_guard_the_read() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t, Task<int> u, ValueTask<int> v)
            {
                var x = t.IsCompleted ? t.Result : await t;
                if (u.IsCompletedSuccessfully)
                {
                    x += u.Result;
                }

                if (t.Status == TaskStatus.RanToCompletion && u.IsCompleted) x += t.Result + u.Result;
                if (v.IsCompleted && v.Result > 0) x++;
                if (t is { IsCompleted: true }) x += t.Result;
                return x;
            }

            async Task<int> EarlyExit(Task<int> t)
            {
                if (!t.IsCompleted)
                {
                    return -1;
                }

                await Task.Yield();
                return t.Result;
            }

            async Task<int> Polling(Task<int> t)
            {
                while (!t.IsCompleted)
                {
                    await Task.Delay(10);
                }

                return t.Result;
            }
        }
        """);

    [Fact]
    public Task Completion_check_on_another_task_does_not_guard() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t, Task<int> u)
            {
                await Task.Yield();
                if (u.IsCompleted || t.IsFaulted) return [|t.Result|];
                if (!t.IsCompleted) return [|t.Result|];
                return 0;
            }
        }
        """);

    [Fact]
    public Task Already_completed_tasks_are_not_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M()
            {
                var done = Task.FromResult(1);
                ValueTask<int> v = new ValueTask<int>(2);
                Task.CompletedTask.Wait();
                default(ValueTask).GetAwaiter().GetResult();
                Task.WaitAll(Task.CompletedTask, Task.FromResult(3));
                await Task.Yield();
                return done.Result + v.Result + Task.FromResult(4).Result + ValueTask.FromResult(5).Result;
            }
        }
        """);

    [Fact]
    public Task Local_assigned_a_running_task_later_is_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M(bool flag)
            {
                var t = Task.FromResult(1);
                if (flag) t = Task.Run(() => 2);
                await Task.Yield();
                return [|t.Result|];
            }
        }
        """);

    [Fact]
    public Task Zero_timeout_polls_are_not_waits() => Verify(Usings + """
        class C
        {
            async Task<bool> M(Task t, Task[] all)
            {
                await Task.Yield();
                return t.Wait(0) && Task.WaitAny(all, 0) >= 0 && t.Wait(TimeSpan.Zero);
            }
        }
        """);

    [Fact]
    public Task Custom_awaitable_return_type_is_an_async_context() => Verify(Usings + """
        using System.Runtime.CompilerServices;

        class MyAwaitable { public TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }

        class C
        {
            MyAwaitable M(Task t) { [|t.Wait()|]; return new MyAwaitable(); }
        }
        """);

    [Fact]
    public Task Expression_bodied_members_and_properties() => Verify(Usings + """
        class C
        {
            private readonly Task<string> _pending = Task.Run(() => "x");
            Task<int> Length => Task.FromResult([|_pending.Result|].Length);
            async Task<string> Name() => [|_pending.Result|] + await Task.FromResult("y");
        }
        """);

    [Fact]
    public Task Nameof_is_not_a_read() => Verify(Usings + """
        class C
        {
            async Task<string> M(Task<int> t) { await Task.Yield(); return nameof(t.Result); }
        }
        """);

    [Fact]
    public Task WaitAll_over_array_variable_is_reported() => Verify(Usings + """
        class C
        {
            async Task M(Task[] tasks)
            {
                await Task.Yield();
                [|Task.WaitAll(tasks)|];
            }
        }
        """);

    [Fact]
    public Task Await_inside_nested_lambda_does_not_complete_outer_task() => Verify(Usings + """
        class C
        {
            async Task<int> M(Task<int> t)
            {
                Func<Task> f = async () => await t;
                await Task.Yield();
                return [|t.Result|];
            }
        }
        """);
}
