using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2002SyncApiWithAsyncTwinTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
        => Verify<SyncApiWithAsyncTwinAnalyzer>.Analyzer(source, expected);

    private static async Task VerifyEf(string source)
    {
        await References.EnsureEfCore80Async();
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer> { TestCode = Usings + EfUsings + source + EfModel };
        test.ReferenceAssemblies = References.EfCore80;
        await test.RunAsync();
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string EfUsings = """
        using Microsoft.EntityFrameworkCore;

        """;

    private const string EfModel = """

        public class User { public int Id { get; set; } public int Age { get; set; } public List<Order> Orders { get; set; } = new(); }
        public class Order { public int Id { get; set; } }
        public class Db : DbContext { public DbSet<User> Users => Set<User>(); }
        """;

    // ---------------------------------------------------------------- positives, every syntax form

    [Fact]
    public Task Well_known_blocking_apis_in_an_async_method_are_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M(Stream stream, byte[] buffer, HttpClient http, HttpRequestMessage request, DbCommand command, SemaphoreSlim gate, StreamReader reader)
            {
                var text = [|File.ReadAllText("a.txt")|];
                var n = [|stream.Read(buffer, 0, buffer.Length)|];
                n += [|stream.Read(buffer.AsSpan())|];
                [|stream.Write(buffer, 0, n)|];
                [|stream.Flush()|];
                [|Thread.Sleep(100)|];
                using var response = [|http.Send(request)|];
                using var rows = [|command.ExecuteReader()|];
                [|gate.Wait()|];
                var rest = [|reader.ReadToEnd()|];
                await Task.Yield();
                return n + text.Length + rest.Length;
            }
        }
        """);

    [Fact]
    public Task Message_names_the_call_and_the_twin() => Verify(Usings + """
        class C
        {
            async Task M()
            {
                await Task.Yield();
                {|#0:Thread.Sleep(10)|};
                _ = {|#1:File.ReadAllBytes("a")|};
            }
        }
        """,
        new DiagnosticResult(Descriptors.ADV2002_SyncApiWithAsyncTwin).WithLocation(0).WithArguments("Thread.Sleep", "Task.Delay"),
        new DiagnosticResult(Descriptors.ADV2002_SyncApiWithAsyncTwin).WithLocation(1).WithArguments("File.ReadAllBytes", "ReadAllBytesAsync"));

    [Fact]
    public Task Task_returning_methods_expression_bodies_and_ValueTask_are_async_contexts() => Verify(Usings + """
        class C
        {
            Task<string> Read(string path) => Task.FromResult([|File.ReadAllText(path)|]);
            ValueTask<string[]> Lines(string path) => new([|File.ReadAllLines(path)|]);
            Task Write(string path) { [|File.WriteAllText(path, "x")|]; return Task.CompletedTask; }
            async ValueTask Sleep() { [|Thread.Sleep(5)|]; await Task.Yield(); }
        }
        """);

    [Fact]
    public Task Async_lambdas_and_local_functions_are_async_contexts() => Verify(Usings + """
        class C
        {
            void M(List<string> paths)
            {
                Func<Task<string>> f = async () => { await Task.Yield(); return [|File.ReadAllText(paths[0])|]; };
                Func<string, Task<string>> g = p => Task.FromResult([|File.ReadAllText(p)|]);
                async Task<string> Local(string p) { await Task.Yield(); return [|File.ReadAllText(p)|]; }
                Task<string> Expression(string p) => Task.FromResult([|File.ReadAllText(p)|]);
            }
        }
        """);

    [Fact]
    public Task Async_iterator_is_an_async_context() => Verify(Usings + """
        class C
        {
            async IAsyncEnumerable<string> M(IEnumerable<string> paths)
            {
                foreach (var path in paths)
                {
                    await Task.Yield();
                    yield return [|File.ReadAllText(path)|];
                }
            }
        }
        """);

    [Fact]
    public async Task Top_level_statements_with_await_are_an_async_context()
    {
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer>
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestCode = Usings + """
                await Task.Yield();
                var text = [|File.ReadAllText("a.txt")|];
                Console.WriteLine(text);
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Top_level_statements_without_await_are_synchronous()
    {
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer>
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestCode = Usings + """
                var text = File.ReadAllText("a.txt");
                Console.WriteLine(text);
                """,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task Twins_of_user_types_are_found_by_signature() => Verify(Usings + """
        namespace Lib
        {
            public class Client
            {
                public string Get(int id) => "";
                public T Load<T>(string key) => default!;
                public Task<T> LoadAsync<T>(string key, CancellationToken cancellationToken = default) => Task.FromResult<T>(default!);
                public string Settings => "";
                public Task<string> GetSettingsAsync() => Task.FromResult("");
                public static void Save(string value) { }
                public static Task SaveAsync(string value) => Task.CompletedTask;
            }

            public static class ClientExtensions
            {
                public static Task<string> GetAsync(this Client client, int id) => Task.FromResult("");
            }

            public class Derived : Client { }

            class Service
            {
                async Task<int> M(Derived client)
                {
                    await Task.Yield();
                    var a = [|client.Get(1)|];
                    var b = [|client.Load<int>("k")|];
                    var c = [|client.Settings|];
                    [|Client.Save(a)|];
                    return a.Length + b + c.Length;
                }
            }
        }
        """);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task Synchronous_methods_lambdas_and_local_functions_are_not_reported() => Verify(Usings + """
        class C
        {
            string M(string path) { Thread.Sleep(1); return File.ReadAllText(path); }

            async Task N(string path)
            {
                Func<string> f = () => File.ReadAllText(path);
                string Local() => File.ReadAllText(path);
                Action a = delegate { Thread.Sleep(1); };
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public async Task Offloaded_work_is_not_reported()
    {
        // A stand-in for Advisor.Runtime's Offload, so the test does not depend on the runtime's progress.
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer>
        {
            TestCode = Usings + """
                namespace Advisor
                {
                    public static class Offload
                    {
                        public static Task<T> Blocking<T>(Func<T> work, CancellationToken cancellationToken = default) => Task.FromResult(work());
                        public static Task<T> Blocking<T>(Func<Task<T>> work, CancellationToken cancellationToken = default) => work();
                    }
                }

                class C
                {
                    async Task<string> M(string path, CancellationToken ct)
                    {
                        var a = await Task.Run(() => File.ReadAllText(path));
                        var b = await Task.Run(async () => { await Task.Yield(); return File.ReadAllText(path); });
                        var c = await Task.Factory.StartNew(() => File.ReadAllText(path));
                        var d = await Advisor.Offload.Blocking(() => File.ReadAllText(path), ct);
                        var e = await Advisor.Offload.Blocking(async () => { await Task.Yield(); return File.ReadAllText(path); }, ct);
                        var f = await Task.Run(async () => { await Task.Yield(); Func<Task<string>> inner = async () => File.ReadAllText(path); return await inner(); });
                        return a + b + c + d + e + f;
                    }
                }
                """,
        };
        test.WithoutRuntime();
        await test.RunAsync();
    }

    [Fact]
    public Task In_memory_types_do_not_block() => Verify(Usings + """
        class C
        {
            async Task<int> M(MemoryStream memory, UnmanagedMemoryStream unmanaged, StringReader reader, StringWriter writer, byte[] buffer)
            {
                await Task.Yield();
                var n = memory.Read(buffer, 0, buffer.Length);
                memory.Write(buffer, 0, n);
                memory.Flush();
                memory.CopyTo(Stream.Null);
                n += unmanaged.Read(buffer, 0, 1);
                var text = reader.ReadToEnd() + reader.ReadLine();
                writer.Write(text);
                writer.Flush();
                using var ms = new MemoryStream();
                System.Text.Json.JsonSerializer.Serialize(ms, text);
                return n;
            }
        }
        """);

    [Fact]
    public Task Stream_arguments_of_static_apis_are_checked() => Verify(Usings + """
        class C
        {
            async Task M(FileStream file, string text)
            {
                await Task.Yield();
                [|System.Text.Json.JsonSerializer.Serialize(file, text)|];
            }
        }
        """);

    [Fact]
    public Task Zero_timeouts_are_non_blocking_probes() => Verify(Usings + """
        class C
        {
            async Task<bool> M(SemaphoreSlim gate)
            {
                await Task.Yield();
                Thread.Sleep(0);
                Thread.Sleep(TimeSpan.Zero);
                var free = gate.Wait(0) || gate.Wait(TimeSpan.Zero);
                return free | [|gate.Wait(100)|];
            }
        }
        """);

    [Fact]
    public Task Dispose_Close_Cancel_and_task_waits_are_not_reported() => Verify(Usings + """
        class C
        {
            async Task M(Stream stream, DbConnection connection, CancellationTokenSource cts, Task task)
            {
                await Task.Yield();
                stream.Dispose();
                connection.Close();
                connection.Dispose();
                cts.Cancel();
                using (var file = File.OpenRead("a")) { }
                task.Wait(); // ADV2001's business
            }
        }
        """);

    [Fact]
    public Task Console_writers_and_xml_readers_are_not_reported() => Verify(Usings + """
        class C
        {
            async Task M(System.Xml.XmlReader xml)
            {
                await Task.Yield();
                Console.Out.WriteLine("x");
                Console.Error.Flush();
                xml.Read();
            }
        }
        """);

    [Fact]
    public Task Obsolete_or_less_accessible_twins_are_not_suggested() => Verify(Usings + """
        namespace Lib
        {
            public class Client
            {
                public void Old() { }
                [Obsolete] public Task OldAsync() => Task.CompletedTask;
                public void Hidden() { }
                internal Task HiddenAsync() => Task.CompletedTask;
                public void Guarded() { }
                protected Task GuardedAsync() => Task.CompletedTask;
            }

            class Service
            {
                async Task M(Client client)
                {
                    await Task.Yield();
                    client.Old();
                    client.Hidden();
                    client.Guarded();
                }
            }
        }
        """);

    [Fact]
    public Task The_twins_own_implementation_is_not_reported() => Verify(Usings + """
        class Store
        {
            public string Load() => "";
            public Task<string> LoadAsync() => Task.FromResult(Load());
            public static string Find(string key) => key;
            public static Task<string> FindAsync(string key) => Task.FromResult(Find(key));
        }

        class Wrapper : Stream
        {
            private readonly Stream _inner;
            public Wrapper(Stream inner) => _inner = inner;
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => Task.FromResult(this.Read(buffer, offset, count));
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
                => new([|_inner.Read(buffer.Span)|]);
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Write(byte[] buffer, int offset, int count) { }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => 0;
            public override long Position { get; set; }
        }
        """);

    [Fact]
    public Task In_memory_linq_is_not_reported() => Verify(Usings + """
        class C
        {
            async Task<int> M(List<int> list, int[] array, IQueryable<int> query)
            {
                await Task.Yield();
                return list.ToList().Count + array.First() + query.ToList().Count + query.Count();
            }
        }
        """);

    [Fact]
    public Task Nameof_and_assignments_are_not_reads() => Verify(Usings + """
        class Settings
        {
            public string Value { get; set; } = "";
            public Task<string> GetValueAsync() => Task.FromResult(Value);
        }

        class C
        {
            async Task M(Settings settings)
            {
                await Task.Yield();
                settings.Value = nameof(settings.Value);
                _ = nameof(File.ReadAllText);
            }
        }
        """);

    [Fact]
    public async Task Excluded_apis_are_not_reported()
    {
        var test = new AdvisorTest<SyncApiWithAsyncTwinAnalyzer>
        {
            EditorConfig = "advisor.ADV2002.excluded_apis = M:System.IO.File.ReadAllText(System.String), System.Threading.Thread.Sleep, T:System.IO.FileStream",
            TestCode = Usings + """
                class C
                {
                    async Task M(FileStream file, byte[] buffer)
                    {
                        await Task.Yield();
                        _ = File.ReadAllText("a");
                        Thread.Sleep(10);
                        file.Read(buffer, 0, 1);
                        _ = [|File.ReadAllText("a", System.Text.Encoding.UTF8)|];
                    }
                }
                """,
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- EF Core

    [Fact]
    public Task EF_Core_queries_and_context_calls_are_reported() => VerifyEf("""
        class Repository
        {
            async Task<int> M(Db db, int id)
            {
                await Task.Yield();
                var all = [|db.Users.ToList()|];
                var first = [|db.Users.Where(u => u.Age > 18).OrderBy(u => u.Id).First()|];
                var count = [|db.Users.Count()|];
                var any = [|db.Users.Any(u => u.Age > 60)|];
                var tracked = [|db.Users.AsNoTracking().Include(u => u.Orders).ToArray()|];
                var query = db.Users.Where(u => u.Age > 1);
                var list = [|query.ToList()|];
                var found = [|db.Users.Find(id)|];
                var byKey = [|(from u in db.Users where u.Id == id select u).Single()|];
                return [|db.SaveChanges()|] + count + all.Count + list.Count + tracked.Length;
            }
        }
        """);

    [Fact]
    public Task EF_Core_negatives_are_not_reported() => VerifyEf("""
        class Repository
        {
            async Task<int> M(Db db, IQueryable<User> unknown, User user)
            {
                await Task.Yield();
                db.Users.Add(user);
                db.Add(user);
                db.Users.AddRange(user);
                var local = db.Users.AsEnumerable().ToList();
                var nested = await db.Users.Where(u => u.Orders.Count() > 1).Select(u => u.Orders.ToList()).ToListAsync();
                return unknown.ToList().Count + local.Count + nested.Count;
            }

            int Sync(Db db) => db.Users.ToList().Count + db.SaveChanges();
        }
        """);
}
