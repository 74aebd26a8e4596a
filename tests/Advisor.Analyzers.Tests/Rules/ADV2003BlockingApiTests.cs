using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2003BlockingApiTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Net;
        using System.Net.NetworkInformation;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // Fields every catalogue case can use.
    private const string Fields = """
            private readonly ManualResetEvent _handle = new(false);
            private readonly Mutex _mutex = new();
            private readonly ManualResetEventSlim _slim = new();
            private readonly CountdownEvent _countdown = new(1);
            private readonly Barrier _barrier = new(1);
            private readonly object _gate = new();
            private readonly Thread _thread = new(() => { });
            private readonly BlockingCollection<int> _queue = new();
            private readonly ReaderWriterLockSlim _rw = new();
            private readonly WaitHandle[] _handles = Array.Empty<WaitHandle>();
            private bool _done;

        """;

    private static Task VerifyAsync(string body, params DiagnosticResult[] expected)
        => Verify<BlockingApiAnalyzer>.Analyzer(Usings + "class C\n{\n" + Fields + body + "\n}\n", expected);

    private static Task VerifyInAsyncMethod(string statements)
        => VerifyAsync("    async Task M()\n    {\n        int item;\n        await Task.Yield();\n        " + statements + "\n    }");

    [Theory]
    [InlineData("[|_handle.WaitOne()|];")]
    [InlineData("[|_handle.WaitOne(TimeSpan.FromSeconds(1))|];")]
    [InlineData("[|_mutex.WaitOne()|];")]
    [InlineData("[|WaitHandle.WaitAll(_handles)|];")]
    [InlineData("[|WaitHandle.WaitAny(_handles, 500)|];")]
    [InlineData("[|WaitHandle.SignalAndWait(_handle, _mutex)|];")]
    [InlineData("[|_slim.Wait()|];")]
    [InlineData("[|_countdown.Wait()|];")]
    [InlineData("[|_barrier.SignalAndWait()|];")]
    [InlineData("[|Monitor.Wait(_gate)|];")]
    [InlineData("[|Monitor.TryEnter(_gate, 100)|];")]
    [InlineData("[|_thread.Join()|];")]
    [InlineData("[|SpinWait.SpinUntil(() => _done)|];")]
    [InlineData("item = [|_queue.Take()|];")]
    [InlineData("[|_queue.TryTake(out item, 1000)|];")]
    [InlineData("foreach (var x in [|_queue.GetConsumingEnumerable()|]) { }")]
    [InlineData("[|BlockingCollection<int>.TakeFromAny(new[] { _queue }, out item)|];")]
    [InlineData("[|_rw.EnterReadLock()|];")]
    [InlineData("[|_rw.EnterWriteLock()|];")]
    [InlineData("[|_rw.EnterUpgradeableReadLock()|];")]
    [InlineData("[|_rw.TryEnterWriteLock(500)|];")]
    [InlineData("var line = [|Console.ReadLine()|];")]
    [InlineData("item = [|Console.Read()|];")]
    [InlineData("[|Console.ReadKey()|];")]
    [InlineData("[|Process.GetCurrentProcess().WaitForInputIdle()|];")]
    [InlineData("[|GC.WaitForPendingFinalizers()|];")]
    [InlineData("[|new Ping().Send(\"localhost\")|];")]
#pragma warning disable SYSLIB0014
    [InlineData("[|new WebClient().DownloadString(\"http://localhost\")|];")]
#pragma warning restore SYSLIB0014
    public Task Catalogue_entries_are_reported_in_async_code(string statement)
        => VerifyInAsyncMethod(statement);

    [Theory]
    [InlineData("_handle.WaitOne(0);")]
    [InlineData("_handle.WaitOne(TimeSpan.Zero);")]
    [InlineData("_handle.WaitOne(0, false);")]
    [InlineData("WaitHandle.WaitAny(_handles, 0);")]
    [InlineData("_thread.Join(0);")]
    [InlineData("_slim.Wait(0);")]
    [InlineData("_countdown.Wait(TimeSpan.Zero);")]
    [InlineData("Monitor.TryEnter(_gate);")]
    [InlineData("Monitor.TryEnter(_gate, 0);")]
    [InlineData("_queue.TryTake(out item);")]
    [InlineData("_queue.TryTake(out item, 0);")]
    [InlineData("_rw.TryEnterReadLock(0);")]
    [InlineData("_queue.Add(1);")]
    [InlineData("Console.WriteLine();")]
    [InlineData("_ = Console.KeyAvailable;")]
    public Task Polls_and_non_blocking_members_are_not_reported(string statement)
        => VerifyInAsyncMethod(statement);

    [Fact]
    public Task Serial_port_reads_are_reported()
        => Verify<BlockingApiAnalyzer>.Analyzer("""
            using System.Threading.Tasks;
            using System.IO.Ports;

            // System.IO.Ports is a NuGet package; the catalogue matches it by name, so a same-shaped type stands in.
            namespace System.IO.Ports
            {
                public class SerialPort
                {
                    public string ReadLine() => "";
                    public int ReadByte() => 0;
                    public string ReadExisting() => "";
                    public void WriteLine(string text) { }
                    public bool IsOpen => true;
                }
            }

            class C
            {
                async Task<string> M(SerialPort port)
                {
                    await Task.Yield();
                    [|port.WriteLine("AT")|];
                    _ = port.IsOpen;
                    return [|port.ReadLine()|] + [|port.ReadByte()|] + [|port.ReadExisting()|];
                }
            }
            """);

    [Fact]
    public Task Synchronous_code_and_offloaded_work_are_not_reported()
        => VerifyAsync("""
                void Sync() => _handle.WaitOne();
                int SyncProperty { get { _thread.Join(); return 0; } }
                async Task Offloaded()
                {
                    await Task.Run(() => _handle.WaitOne());
                    await Task.Run(async () => { _slim.Wait(); await Task.Yield(); });
                    await Task.Factory.StartNew(() => Monitor.Wait(_gate));
                    Func<bool> later = () => _handle.WaitOne();
                    await Task.Yield();
                }
            """);

    [Fact]
    public Task Every_async_context_form_is_analyzed()
        => VerifyAsync("""
                Task NotAsyncButTaskReturning() { [|_handle.WaitOne()|]; return Task.CompletedTask; }
                Task<bool> ExpressionBodied() => Task.FromResult([|_handle.WaitOne()|]);
                async ValueTask<int> ValueTaskMethod() { await Task.Yield(); return [|_queue.Take()|]; }
                async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return [|_queue.Take()|]; }
                void Lambdas()
                {
                    Func<Task> lambda = async () => { await Task.Yield(); [|_thread.Join()|]; };
                    Func<Task<int>> taskLambda = () => Task.FromResult([|Console.Read()|]);
                }
                async Task LocalFunction()
                {
                    await Local();
                    async Task Local() { await Task.Yield(); [|_slim.Wait()|]; }
                }
            """);

    [Fact]
    public async Task Top_level_statements_are_analyzed()
    {
        var test = new AdvisorTest<BlockingApiAnalyzer>
        {
            TestCode = """
                using System;
                using System.Threading.Tasks;

                await Task.Yield();
                var name = [|Console.ReadLine()|];
                """,
            OutputKind = OutputKind.ConsoleApplication,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_adds_apis_by_documentation_id_and_by_dotted_name()
    {
        var test = new AdvisorTest<BlockingApiAnalyzer>
        {
            TestCode = """
                using System.Threading.Tasks;

                namespace Legacy
                {
                    public class Client
                    {
                        public string Fetch(int id) => "";
                        public string Fetch(string key) => "";
                        public void Reset() { }
                    }
                }

                class C
                {
                    async Task M(Legacy.Client client)
                    {
                        await Task.Yield();
                        [|client.Fetch(1)|];
                        client.Fetch("not listed");
                        [|client.Reset()|];
                    }
                }
                """,
            EditorConfig = "advisor.blocking_apis = M:Legacy.Client.Fetch(System.Int32), Legacy.Client.Reset",
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_excludes_a_built_in_entry()
    {
        var test = new AdvisorTest<BlockingApiAnalyzer>
        {
            TestCode = Usings + """
                class C
                {
                    async Task M(ManualResetEventSlim slim, Thread thread)
                    {
                        await Task.Yield();
                        slim.Wait();
                        [|thread.Join()|];
                    }
                }
                """,
            EditorConfig = "advisor.blocking_apis.excluded = System.Threading.ManualResetEventSlim.Wait",
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task A_package_catalogue_file_names_apis_of_a_referenced_assembly()
    {
        // What a NuGet package ships through buildTransitive: an AdditionalFile advisor.blocking.acme.txt.
        var test = new AdvisorTest<BlockingApiAnalyzer>
        {
            TestCode = """
                using System.Threading.Tasks;
                using Acme.Legacy;

                class C
                {
                    async Task<string> M()
                    {
                        await Task.Yield();
                        var terminal = [|new Terminal("COM1")|];
                        terminal.Flush();
                        _ = [|terminal.Status|];
                        return [|terminal.ReadFrame(16)|];
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(await References.AcmeLegacyAsync());
        test.TestState.AdditionalFiles.Add(("/packages/acme.legacy/buildTransitive/advisor.blocking.acme.txt", """
            # Acme.Legacy: calls that block on the serial line.
            M:Acme.Legacy.Terminal.#ctor(System.String)
            M:Acme.Legacy.Terminal.ReadFrame(System.Int32)   # waits for a full frame
            P:Acme.Legacy.Terminal.Status
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Catalogue_files_layer_and_exclamation_lines_exclude()
    {
        var test = new AdvisorTest<BlockingApiAnalyzer>
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;
                using Acme.Legacy;

                class C
                {
                    async Task M(Terminal terminal, Thread thread)
                    {
                        await Task.Yield();
                        terminal.ReadFrame(16);
                        [|terminal.Flush()|];
                        thread.Join();
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(await References.AcmeLegacyAsync());
        test.TestState.AdditionalFiles.Add(("/packages/acme.legacy/advisor.blocking.acme.txt", "Acme.Legacy.Terminal.ReadFrame\nAcme.Legacy.Terminal.Flush\n"));
        test.TestState.AdditionalFiles.Add(("/src/advisor.blocking.local.txt", "# our terminal firmware answers at once\n!Acme.Legacy.Terminal.ReadFrame\n!M:System.Threading.Thread.Join\n"));
        // Files with other names are not catalogues.
        test.TestState.AdditionalFiles.Add(("/src/blocking.txt", "M:System.Threading.Thread.Join\nAcme.Legacy.Terminal.ReadFrame\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task Blocking_attribute_on_methods_properties_constructors_and_types()
        => Verify<BlockingApiAnalyzer>.Analyzer("""
            using System.Threading.Tasks;
            using Advisor;

            class Device
            {
                [Blocking] public Device() { }
                public Device(int unused) { }
                [Blocking] public byte[] ReadBlock() => new byte[0];
                public byte[] Peek() => new byte[0];
                [Blocking] public int Temperature => 0;
            }

            [Blocking]
            static class Modem
            {
                public static void Dial(string number) { }
            }

            class C
            {
                async Task M()
                {
                    await Task.Yield();
                    var device = [|new Device()|];
                    _ = new Device(1);
                    [|device.ReadBlock()|];
                    device.Peek();
                    _ = [|device.Temperature|];
                    [|Modem.Dial("555")|];
                }
            }
            """);
}
