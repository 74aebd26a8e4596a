using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV2004BlockingHelperCodeFixTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;

        """;

    private static Task Offload(string source, string fixedSource)
    {
        var test = new AdvisorTest<BlockingHelperAnalyzer, BlockingHelperCodeFixProvider>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BlockingHelperCodeFixProvider.OffloadKey,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task The_call_to_the_helper_is_offloaded_with_its_value() => Offload(Usings + """
        class Reports
        {
            private readonly ManualResetEvent _ready = new(false);

            public async Task<int> RenderAsync(CancellationToken cancellationToken)
            {
                await Task.Yield();
                var report = [|LoadReport(3)|];
                [|Prepare()|];
                return report.Length;
            }

            public string LoadReport(int id) { _ready.WaitOne(); return id.ToString(); }
            public void Prepare() => _ready.WaitOne();
        }
        """, UsingsWithAdvisor + """
        class Reports
        {
            private readonly ManualResetEvent _ready = new(false);

            public async Task<int> RenderAsync(CancellationToken cancellationToken)
            {
                await Task.Yield();
                var report = await Offload.Blocking(() => LoadReport(3), cancellationToken);
                await Offload.Blocking(() => Prepare(), cancellationToken);
                return report.Length;
            }

            public string LoadReport(int id) { _ready.WaitOne(); return id.ToString(); }
            public void Prepare() => _ready.WaitOne();
        }
        """);

    [Fact]
    public Task Constructors_and_properties_are_offloaded_in_a_task_returning_method() => Offload(Usings + """
        class Connection
        {
            private static readonly Barrier s_handshake = new(1);
            public Connection() => s_handshake.SignalAndWait();
            public int Port { get { s_handshake.SignalAndWait(); return 80; } }
        }

        class C
        {
            Task<int> OpenAsync()
            {
                var connection = [|new Connection()|];
                return Task.FromResult([|connection.Port|]);
            }
        }
        """, UsingsWithAdvisor + """
        class Connection
        {
            private static readonly Barrier s_handshake = new(1);
            public Connection() => s_handshake.SignalAndWait();
            public int Port { get { s_handshake.SignalAndWait(); return 80; } }
        }

        class C
        {
            async Task<int> OpenAsync()
            {
                var connection = await Offload.Blocking(() => new Connection());
                return await Offload.Blocking(() => connection.Port);
            }
        }
        """);

    [Fact]
    public Task Assigned_properties_conditional_calls_and_target_typed_new_are_not_offloaded()
    {
        var source = Usings + """
            class C
            {
                private readonly ManualResetEvent _ready = new(false);
                int Value { get => 0; set => _ready.WaitOne(); }
                public C() => _ready.WaitOne();
                void Touch() => _ready.WaitOne();

                async Task M(C? other)
                {
                    await Task.Yield();
                    [|Value|] = 3;
                    other?[|.Touch()|];
                    C created = [|new()|];
                }
            }
            """;
        return Offload(source, source);
    }
    private static Task MakeAsync(string source, string fixedSource)
    {
        var test = new AdvisorTest<BlockingHelperAnalyzer, BlockingHelperCodeFixProvider>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BlockingHelperCodeFixProvider.MakeAsyncKey,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task The_private_helper_chain_becomes_async_and_awaits_the_twin() => MakeAsync(Usings + """
        class Reports
        {
            public async Task<int> RenderAsync()
            {
                await Task.Yield();
                var text = [|LoadReport("daily")|];
                return text.Length;
            }

            private string LoadReport(string name) => ReadTemplate(name) + "!";

            private string ReadTemplate(string name)
            {
                var path = name + ".txt";
                return File.ReadAllText(path);
            }

            // Another private caller of the chain: converted too (the cascade).
            private int Preview(string name) => ReadTemplate(name).Length;
        }
        """, Usings + """
        class Reports
        {
            public async Task<int> RenderAsync()
            {
                await Task.Yield();
                var text = await LoadReportAsync("daily");
                return text.Length;
            }

            private async Task<string> LoadReportAsync(string name) => await ReadTemplateAsync(name) + "!";

            private async Task<string> ReadTemplateAsync(string name)
            {
                var path = name + ".txt";
                return await File.ReadAllTextAsync(path);
            }

            // Another private caller of the chain: converted too (the cascade).
            private async Task<int> PreviewAsync(string name) => (await ReadTemplateAsync(name)).Length;
        }
        """);

    [Fact]
    public Task Void_helpers_become_Task_and_a_task_returning_caller_becomes_async() => MakeAsync(Usings + """
        class Log
        {
            public Task FlushAsync(string line)
            {
                [|Append(line)|];
                return Task.CompletedTask;
            }

            void Append(string line) => File.AppendAllText("log.txt", line);
        }
        """, Usings + """
        class Log
        {
            public async Task FlushAsync(string line)
            {
                await AppendAsync(line);
                return;
            }

            async Task AppendAsync(string line) => await File.AppendAllTextAsync("log.txt", line);
        }
        """);

    [Fact]
    public Task Not_offered_when_a_public_synchronous_caller_or_a_catalogue_leaf_is_involved()
    {
        var source = Usings + """
            class C
            {
                private readonly ManualResetEvent _ready = new(false);

                async Task M()
                {
                    await Task.Yield();
                    _ = [|Read("a")|];
                    [|Wait()|];
                }

                private string Read(string path) => File.ReadAllText(path);
                public int PublicLength(string path) => Read(path).Length;
                private void Wait() => _ready.WaitOne();
            }
            """;
        return MakeAsync(source, source);
    }
}
