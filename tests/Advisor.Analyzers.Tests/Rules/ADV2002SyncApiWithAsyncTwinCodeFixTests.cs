using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2002SyncApiWithAsyncTwinCodeFixTests
{
    private static Task Fix(string source, string fixedSource)
        => Verify<SyncApiWithAsyncTwinAnalyzer>.CodeFix<SyncApiWithAsyncTwinCodeFixProvider>(source, fixedSource);

    private static Task NoFix(string source)
        => Verify<SyncApiWithAsyncTwinAnalyzer>.CodeFix<SyncApiWithAsyncTwinCodeFixProvider>(source, source);

    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Call_becomes_await_of_the_twin_with_the_token_in_scope() => Fix(Usings + """
        class C
        {
            async Task<int> M(string path, CancellationToken cancellationToken)
            {
                await Task.Yield();
                // keep me
                var text = [|File.ReadAllText(path)|]; // trailing
                return text.Length;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(string path, CancellationToken cancellationToken)
            {
                await Task.Yield();
                // keep me
                var text = await File.ReadAllTextAsync(path, cancellationToken); // trailing
                return text.Length;
            }
        }
        """);

    [Fact]
    public Task Without_a_token_in_scope_none_is_invented() => Fix(Usings + """
        class C
        {
            async Task M(Stream stream, byte[] buffer)
            {
                await Task.Yield();
                var n = [|stream.Read(buffer, 0, buffer.Length)|];
                [|stream.Write(buffer, 0, n)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(Stream stream, byte[] buffer)
            {
                await Task.Yield();
                var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                await stream.WriteAsync(buffer, 0, n);
            }
        }
        """);

    [Fact]
    public Task Thread_Sleep_becomes_Task_Delay() => Fix(Usings + """
        class C
        {
            async Task M(TimeSpan pause, CancellationToken ct)
            {
                [|Thread.Sleep(100)|];
                [|Thread.Sleep(pause)|];
                await Task.Yield();
            }
        }
        """, Usings + """
        class C
        {
            async Task M(TimeSpan pause, CancellationToken ct)
            {
                await Task.Delay(100, ct);
                await Task.Delay(pause, ct);
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task Task_returning_method_is_made_async() => Fix(Usings + """
        class C
        {
            public Task<string> Read(string path) => Task.FromResult([|File.ReadAllText(path)|]);

            public Task Write(string path, string text)
            {
                [|File.WriteAllText(path, text)|];
                return Task.CompletedTask;
            }
        }
        """, Usings + """
        class C
        {
            public async Task<string> Read(string path) => await File.ReadAllTextAsync(path);

            public async Task Write(string path, string text)
            {
                await File.WriteAllTextAsync(path, text);
                return;
            }
        }
        """);

    [Fact]
    public Task ConfigureAwait_false_style_is_kept() => Fix(Usings + """
        class C
        {
            async Task<int> M(string path)
            {
                await Task.Delay(1).ConfigureAwait(false);
                return [|File.ReadAllBytes(path)|].Length;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(string path)
            {
                await Task.Delay(1).ConfigureAwait(false);
                return (await File.ReadAllBytesAsync(path).ConfigureAwait(false)).Length;
            }
        }
        """);

    [Fact]
    public Task Span_buffers_become_memory_buffers() => Fix(Usings + """
        class C
        {
            async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                var n = [|stream.Read(buffer.AsSpan(0, 10))|];
                [|stream.Write(buffer.AsSpan(0, n))|];
                return n;
            }
        }
        """, Usings + """
        class C
        {
            async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
            {
                await Task.Yield();
                var n = await stream.ReadAsync(buffer.AsMemory(0, 10), ct);
                await stream.WriteAsync(buffer.AsMemory(0, n), ct);
                return n;
            }
        }
        """);

    [Fact]
    public Task Property_getter_becomes_a_call() => Fix(Usings + """
        class Settings
        {
            public string Value => "";
            public Task<string> GetValueAsync(CancellationToken cancellationToken = default) => Task.FromResult("");
        }

        class C
        {
            async Task<int> M(Settings settings, CancellationToken ct)
            {
                await Task.Yield();
                return [|settings.Value|].Length;
            }
        }
        """, Usings + """
        class Settings
        {
            public string Value => "";
            public Task<string> GetValueAsync(CancellationToken cancellationToken = default) => Task.FromResult("");
        }

        class C
        {
            async Task<int> M(Settings settings, CancellationToken ct)
            {
                await Task.Yield();
                return (await settings.GetValueAsync(ct)).Length;
            }
        }
        """);

    [Fact]
    public Task Required_token_without_one_in_scope_passes_None() => Fix(Usings + """
        class Client
        {
            public void Push(string value) { }
            public Task PushAsync(string value, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        class C
        {
            async Task M(Client client)
            {
                await Task.Yield();
                [|client.Push("x")|];
            }
        }
        """, Usings + """
        class Client
        {
            public void Push(string value) { }
            public Task PushAsync(string value, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        class C
        {
            async Task M(Client client)
            {
                await Task.Yield();
                await client.PushAsync("x", CancellationToken.None);
            }
        }
        """);

    [Fact]
    public Task Named_arguments_get_a_named_token() => Fix(Usings + """
        class C
        {
            async Task M(string file, CancellationToken ct)
            {
                await Task.Yield();
                [|File.WriteAllText(path: file, contents: "x")|];
            }
        }
        """, Usings + """
        class C
        {
            async Task M(string file, CancellationToken ct)
            {
                await Task.Yield();
                await File.WriteAllTextAsync(path: file, contents: "x", cancellationToken: ct);
            }
        }
        """);

    [Fact]
    public Task Fix_all_handles_nested_calls_lambdas_and_several_methods() => Fix(Usings + """
        class C
        {
            async Task Copy(string from, string to)
            {
                await Task.Yield();
                [|File.WriteAllText(to, [|File.ReadAllText(from)|])|];
                [|Thread.Sleep(10)|];
            }

            Func<string, Task<int>> Length => p => Task.FromResult([|File.ReadAllText(p)|].Length);

            async Task Top(string p)
            {
                await Task.Yield();
                _ = [|File.ReadAllLines(p)|];
            }
        }
        """, Usings + """
        class C
        {
            async Task Copy(string from, string to)
            {
                await Task.Yield();
                await File.WriteAllTextAsync(to, await File.ReadAllTextAsync(from));
                await Task.Delay(10);
            }

            Func<string, Task<int>> Length => async p => (await File.ReadAllTextAsync(p)).Length;

            async Task Top(string p)
            {
                await Task.Yield();
                _ = await File.ReadAllLinesAsync(p);
            }
        }
        """);

    [Fact]
    public Task No_fix_where_an_await_cannot_go_or_the_twin_cannot_take_the_arguments() => NoFix(Usings + """
        class C
        {
            private readonly object _gate = new();

            async Task M(Stream stream, Stream? maybe, byte[] buffer)
            {
                await Task.Yield();
                lock (_gate)
                {
                    [|Thread.Sleep(1)|];
                }

                Span<byte> local = stackalloc byte[16];
                [|stream.Read(local)|];
                _ = maybe?[|.Read(buffer, 0, 1)|];
            }
        }
        """);

    private const string EfModel = """

        public class User { public int Id { get; set; } }
        public class Db : DbContext { public DbSet<User> Users => Set<User>(); }
        """;

    [Fact]
    public async Task EF_Core_operators_become_their_async_extensions_and_the_namespace_is_imported()
    {
        await References.EnsureEfCore80Async();
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer, SyncApiWithAsyncTwinCodeFixProvider>
        {
            ReferenceAssemblies = References.EfCore80,
            TestCode = """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class Repository
                {
                    async Task<int> M(Db db, CancellationToken ct)
                    {
                        await Task.Yield();
                        var users = [|db.Users.Where(u => u.Id > 1).ToList()|];
                        var count = [|db.Users.Count()|];
                        return users.Count + count + [|db.SaveChanges()|];
                    }
                }

                public class User { public int Id { get; set; } }
                public class Db : Microsoft.EntityFrameworkCore.DbContext { public Microsoft.EntityFrameworkCore.DbSet<User> Users => Set<User>(); }
                """,
            FixedCode = """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;

                class Repository
                {
                    async Task<int> M(Db db, CancellationToken ct)
                    {
                        await Task.Yield();
                        var users = await db.Users.Where(u => u.Id > 1).ToListAsync(ct);
                        var count = await db.Users.CountAsync(ct);
                        return users.Count + count + await db.SaveChangesAsync(ct);
                    }
                }

                public class User { public int Id { get; set; } }
                public class Db : Microsoft.EntityFrameworkCore.DbContext { public Microsoft.EntityFrameworkCore.DbSet<User> Users => Set<User>(); }
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task EF_Core_with_the_namespace_imported_and_top_level_statements()
    {
        await References.EnsureEfCore80Async();
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer, SyncApiWithAsyncTwinCodeFixProvider>
        {
            ReferenceAssemblies = References.EfCore80,
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;

                using var db = new Db();
                await Task.Yield();
                var first = [|db.Users.First()|];
                System.Console.WriteLine(first.Id);
                """ + EfModel,
            FixedCode = """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;

                using var db = new Db();
                await Task.Yield();
                var first = await db.Users.FirstAsync();
                System.Console.WriteLine(first.Id);
                """ + EfModel,
        };
        await test.RunAsync();
    }
}
