using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2004BlockingHelperTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;

        """;

    private static DiagnosticResult Diagnostic(int location, string helper, string chain)
        => new DiagnosticResult(Descriptors.ADV2004_BlockingHelper).WithLocation(location).WithArguments(helper, chain);

    private static DiagnosticResult DiagnosticIgnoringChainLocations(int location, string helper, string chain)
        => Diagnostic(location, helper, chain).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Reported_at_the_boundary_with_the_chain_and_its_locations()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class Reports
            {
                private readonly ManualResetEvent _templatesReady = new(false);

                public async Task<string> RenderAsync()
                {
                    await Task.Yield();
                    return {|#0:LoadReport()|};
                }

                private string LoadReport() => {|#1:ReadTemplate()|} + "!";

                private string ReadTemplate()
                {
                    {|#2:_templatesReady.WaitOne()|};
                    return "template";
                }
            }
            """,
            Diagnostic(0, "LoadReport", "LoadReport -> ReadTemplate -> WaitHandle.WaitOne").WithLocation(1).WithLocation(2));

    [Fact]
    public Task Chains_of_depth_one_to_five()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private readonly Thread _worker = new(() => { });

                async Task M()
                {
                    await Task.Yield();
                    {|#1:D1()|};
                    {|#2:D2()|};
                    {|#3:D3()|};
                    {|#4:D4()|};
                    {|#5:D5()|};
                    Clean();
                }

                void D1() => _worker.Join();
                void D2() => D1();
                void D3() { D2(); }
                int D4() { D3(); return 4; }
                void D5() { var x = D4() + 1; }
                int Clean() => 42 * 2;
            }
            """,
            DiagnosticIgnoringChainLocations(1, "D1", "D1 -> Thread.Join"),
            DiagnosticIgnoringChainLocations(2, "D2", "D2 -> D1 -> Thread.Join"),
            DiagnosticIgnoringChainLocations(3, "D3", "D3 -> D2 -> D1 -> Thread.Join"),
            DiagnosticIgnoringChainLocations(4, "D4", "D4 -> D3 -> D2 -> D1 -> Thread.Join"),
            DiagnosticIgnoringChainLocations(5, "D5", "D5 -> D4 -> D3 -> D2 -> D1 -> Thread.Join"));

    [Fact]
    public Task Cycles_and_recursion_terminate()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private readonly object _gate = new();

                async Task M()
                {
                    await Task.Yield();
                    {|#0:Ping(3)|};
                    {|#1:Pong(3)|};
                    Countdown(10);
                    Even(4);
                }

                void Ping(int n) { if (n > 0) Pong(n - 1); }
                void Pong(int n) { if (n > 0) Ping(n - 1); else Monitor.Wait(_gate); }
                int Countdown(int n) => n == 0 ? 0 : Countdown(n - 1);
                bool Even(int n) => n == 0 || Odd(n - 1);
                bool Odd(int n) => n != 0 && Even(n - 1);
            }
            """,
            DiagnosticIgnoringChainLocations(0, "Ping", "Ping -> Pong -> Monitor.Wait"),
            DiagnosticIgnoringChainLocations(1, "Pong", "Pong -> Monitor.Wait"));

    [Fact]
    public Task Generic_and_extension_helpers()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            static class Extensions
            {
                public static string Drain(this System.Collections.Concurrent.BlockingCollection<string> queue) => queue.Take();
                public static T Echo<T>(this T value) => value;
            }

            class Cache<T>
            {
                private readonly ManualResetEventSlim _loaded = new();
                public T Get(T fallback) { _loaded.Wait(); return fallback; }
            }

            class C
            {
                private readonly System.Collections.Concurrent.BlockingCollection<string> _queue = new();

                async Task M(Cache<int> cache)
                {
                    await Task.Yield();
                    _ = {|#0:_queue.Drain()|};
                    _ = {|#1:Load<string>()|};
                    _ = {|#2:cache.Get(1)|};
                    _ = 5.Echo();
                }

                T Load<T>() => (T)(object){|#3:_queue.Drain()|};
            }
            """,
            DiagnosticIgnoringChainLocations(0, "Drain", "Drain -> BlockingCollection.Take"),
            DiagnosticIgnoringChainLocations(1, "Load", "Load -> Drain -> BlockingCollection.Take"),
            DiagnosticIgnoringChainLocations(2, "Get", "Get -> ManualResetEventSlim.Wait"));

    [Fact]
    public async Task Partial_classes_across_files()
    {
        var test = new AdvisorTest<BlockingHelperAnalyzer>();
        test.TestState.Sources.Add(("/0/Service.cs", Usings + """
            partial class Service
            {
                public async Task HandleAsync()
                {
                    await Task.Yield();
                    {|#0:Refresh()|};
                }
            }
            """));
        test.TestState.Sources.Add(("/0/Service.Sync.cs", Usings + """
            partial class Service
            {
                private readonly CountdownEvent _pending = new(1);

                private void Refresh() => {|#1:Settle()|};

                partial void Settle();

                partial void Settle() => {|#2:_pending.Wait()|};
            }
            """));
        test.ExpectedDiagnostics.Add(Diagnostic(0, "Refresh", "Refresh -> Settle -> CountdownEvent.Wait").WithLocation(1).WithLocation(2));
        await test.RunAsync();
    }

    [Fact]
    public Task Properties_and_constructors_as_helpers()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class Connection
            {
                private readonly Barrier _handshake = new(1);
                public Connection() => _handshake.SignalAndWait();
                public Connection(bool lazy) { }
            }

            class C
            {
                private readonly ReaderWriterLockSlim _lock = new();
                private int _value;

                int Value { get { _lock.EnterReadLock(); return _value; } set { _lock.EnterWriteLock(); _value = value; } }
                int Cheap => _value;

                async Task M()
                {
                    await Task.Yield();
                    _ = {|#0:new Connection()|};
                    _ = new Connection(lazy: true);
                    var v = {|#1:Value|};
                    {|#2:Value|} = 3;
                    v += Cheap;
                    _ = nameof(Value);
                }
            }
            """,
            DiagnosticIgnoringChainLocations(0, "new Connection", "new Connection -> Barrier.SignalAndWait"),
            DiagnosticIgnoringChainLocations(1, "Value", "Value -> ReaderWriterLockSlim.EnterReadLock"),
            DiagnosticIgnoringChainLocations(2, "Value", "Value -> ReaderWriterLockSlim.EnterWriteLock"));

    [Fact]
    public Task Virtual_and_interface_calls_count_only_when_the_target_is_resolved()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            interface IStore { string Read(); }
            class OnlyStore : IStore { public string Read() => Console.ReadLine() ?? ""; }

            interface IFeed { string Next(); }
            class BlockingFeed : IFeed { public string Next() => Console.ReadLine() ?? ""; }
            class MemoryFeed : IFeed { public string Next() => ""; }

            abstract class Source { public abstract void Open(); public virtual void Close() { } }
            sealed class SerialSource : Source
            {
                private readonly Thread _reader = new(() => { });
                public override void Open() => _reader.Join();
            }
            class FileSource : Source { public override void Open() { } }

            class C
            {
                async Task M(IStore store, IFeed feed, Source source, SerialSource serial)
                {
                    await Task.Yield();
                    _ = {|#0:store.Read()|};
                    _ = feed.Next();
                    source.Open();
                    source.Close();
                    {|#1:serial.Open()|};
                }
            }
            """,
            DiagnosticIgnoringChainLocations(0, "Read", "Read -> Console.ReadLine"),
            DiagnosticIgnoringChainLocations(1, "Open", "Open -> Thread.Join"));

    [Fact]
    public Task Task_waits_inside_helpers_are_blocking_calls()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                async Task M(Task<int> pending)
                {
                    await Task.Yield();
                    _ = {|#0:Sum(pending)|};
                    _ = {|#1:Drain(pending)|};
                    _ = Completed();
                    Poll(pending);
                }

                int Sum(Task<int> t) => t.Result + 1;
                int Drain(Task<int> t) => t.GetAwaiter().GetResult();
                int Completed() => Task.FromResult(3).Result;
                bool Poll(Task<int> t) => t.Wait(0);
            }
            """,
            DiagnosticIgnoringChainLocations(0, "Sum", "Sum -> Task.Result"),
            DiagnosticIgnoringChainLocations(1, "Drain", "Drain -> GetAwaiter().GetResult"));

    [Fact]
    public Task Helpers_that_only_compute_poll_or_offload_are_not_reported()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private readonly ManualResetEvent _ready = new(false);

                async Task M()
                {
                    await Task.Yield();
                    Compute(10);
                    TryReady();
                    await Deferred();
                    Subscribe();
                    await AsyncHelper();
                }

                long Compute(int n) { long sum = 0; for (var i = 0; i < n; i++) sum += i * i; return sum; }
                bool TryReady() => _ready.WaitOne(0);
                Task Deferred() => Task.Run(() => _ready.WaitOne());
                void Subscribe() { Action later = () => _ready.WaitOne(); }
                async Task AsyncHelper() { await Task.Yield(); _ready.WaitOne(); }
            }
            """);

    [Fact]
    public Task Calls_already_offloaded_or_in_synchronous_code_are_not_reported()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private readonly ManualResetEvent _ready = new(false);

                async Task M(CancellationToken cancellationToken)
                {
                    await Offload.Blocking(() => Wait(), cancellationToken);
                    await Task.Run(() => Wait());
                    await Task.Run(async () => { Wait(); await Task.Yield(); });
                    await Offload.Blocking(async () => { Wait(); await Task.Yield(); }, cancellationToken);
                }

                // The intended sync bridge: a synchronous caller of a blocking helper is not a boundary.
                public void SyncEntry() => Wait();

                bool Wait() => _ready.WaitOne();
            }
            """);

    [Fact]
    public Task Blocking_in_a_branch_that_never_runs_is_still_reported()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private const bool Diagnostics = false;
                private readonly ManualResetEvent _debugger = new(false);

                async Task M()
                {
                    await Task.Yield();
                    {|#0:Trace()|};
                }

                // Documented choice: reachability is not analysed; the helper blocks as written.
                void Trace()
                {
                    if (Diagnostics)
                    {
                        _debugger.WaitOne();
                    }
                }
            }
            """,
            DiagnosticIgnoringChainLocations(0, "Trace", "Trace -> WaitHandle.WaitOne"));

    [Fact]
    public Task Blocking_attribute_helpers_are_ADV2003_not_ADV2004_and_local_functions_are_followed()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            class C
            {
                private readonly ManualResetEventSlim _signal = new();

                [Blocking]
                void Marked() => _signal.Wait();

                void CallsMarked() => Marked();

                async Task M()
                {
                    await Task.Yield();
                    Marked();
                    {|#0:CallsMarked()|};
                    {|#1:Local()|};

                    void Local() => _signal.Wait();
                }
            }
            """,
            DiagnosticIgnoringChainLocations(0, "CallsMarked", "CallsMarked -> C.Marked"),
            DiagnosticIgnoringChainLocations(1, "Local", "Local -> ManualResetEventSlim.Wait"));

    [Fact]
    public async Task Catalogue_routes_apply_inside_helpers()
    {
        var test = new AdvisorTest<BlockingHelperAnalyzer>
        {
            TestCode = Usings + """
                using Acme.Legacy;

                class C
                {
                    async Task M(Terminal terminal)
                    {
                        await Task.Yield();
                        _ = {|#0:Frame(terminal)|};
                        Join(new Thread(() => { }));
                    }

                    string Frame(Terminal terminal) => terminal.ReadFrame(8);
                    void Join(Thread thread) => thread.Join();
                }
                """,
            EditorConfig = "advisor.blocking_apis.excluded = System.Threading.Thread.Join",
        };
        test.TestState.AdditionalReferences.Add(await References.AcmeLegacyAsync());
        test.TestState.AdditionalFiles.Add(("/advisor.blocking.acme.txt", "M:Acme.Legacy.Terminal.ReadFrame(System.Int32)\n"));
        test.ExpectedDiagnostics.Add(DiagnosticIgnoringChainLocations(0, "Frame", "Frame -> Terminal.ReadFrame"));
        await test.RunAsync();
    }
    [Fact]
    public Task Sync_apis_with_an_async_twin_end_chains_and_in_memory_work_does_not()
        => Verify<BlockingHelperAnalyzer>.Analyzer(
            Usings + """
            using System.IO;

            class Reports
            {
                public async Task<string> RenderAsync(byte[] buffer)
                {
                    await Task.Yield();
                    _ = Parse(buffer);
                    return {|#0:LoadReport("daily")|};
                }

                private string LoadReport(string name) => {|#1:ReadTemplate(name)|}.Trim();
                private string ReadTemplate(string name) => {|#2:File.ReadAllText(name)|};
                private int Parse(byte[] buffer) => new MemoryStream(buffer).Read(buffer, 0, 1);
            }
            """,
            Diagnostic(0, "LoadReport", "LoadReport -> ReadTemplate -> File.ReadAllText").WithLocation(1).WithLocation(2));

    [Fact]
    public Task Catalogue_entries_win_over_nothing_and_twins_stay_ADV2002s()
        => Verify<BlockingApiAnalyzer>.Analyzer(
            Usings + """
            using System.IO;

            class C
            {
                async Task M()
                {
                    await Task.Yield();
                    // File.ReadAllText has an async twin: ADV2002 reports it, never ADV2003.
                    _ = File.ReadAllText("a");
                    Thread.Sleep(10);
                }
            }
            """);
}
