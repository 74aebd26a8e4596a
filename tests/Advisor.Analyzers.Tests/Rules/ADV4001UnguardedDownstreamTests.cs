using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4001UnguardedDownstreamTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Run(string source, params DiagnosticResult[] expected) => RunFiles([source], expected);

    private static Task RunFiles(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new AdvisorTest<UnguardedDownstreamAnalyzer> { ReferenceAssemblies = References.NoFramework, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        test.TestState.AdditionalReferences.Remove(References.AdvisorRuntime);
        test.TestState.AdditionalReferences.AddRange(References.ResilienceLibraries);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult TimeoutOnly(int markup) => new DiagnosticResult("ADV4001", DiagnosticSeverity.Info).WithLocation(markup);

    [Fact]
    public Task Unguarded_calls_in_every_syntax_form_are_reported() => Run(Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task<string> Method(CancellationToken ct) => await [|_http.GetStringAsync("https://orders.example/x", ct)|];

            Task<HttpResponseMessage> NotAsyncButTaskReturning() => [|_http.GetAsync("https://a.example/")|];

            async ValueTask<int> Json() => await [|_http.GetFromJsonAsync<int>("https://b.example/n")|];

            void Lambdas()
            {
                Func<Task> f = async () => await [|_http.PostAsync("https://c.example/", null)|];
                async Task Local() => await [|_http.DeleteAsync("https://d.example/")|];
            }

            async System.Collections.Generic.IAsyncEnumerable<string> Stream()
            {
                yield return await [|_http.GetStringAsync("https://e.example/")|];
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_reported()
    {
        var test = new AdvisorTest<UnguardedDownstreamAnalyzer>
        {
            TestCode = Usings + """
                var http = new HttpClient();
                Console.WriteLine(await [|http.GetStringAsync("https://example.org/")|]);
                """,
            OutputKind = OutputKind.ConsoleApplication,
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Synchronous_code_and_database_commands_are_not_reported() => Run(Usings + """
        using System.Data.Common;
        class C
        {
            private readonly HttpClient _http = new();

            HttpResponseMessage Sync(HttpRequestMessage r) => _http.Send(r);

            async Task<object?> Db(DbCommand command) => await command.ExecuteScalarAsync();
        }
        """);

    [Fact]
    public Task Polly_v8_pipeline_guards_the_call() => Run(Usings + """
        using Polly;
        class C
        {
            private readonly HttpClient _http = new();
            private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(2)).Build();
            private readonly ResiliencePipeline<string> _typed = ResiliencePipeline<string>.Empty;

            async Task<string> M(CancellationToken token)
                => await _pipeline.ExecuteAsync(async ct => await _http.GetStringAsync("https://orders.example/", ct), token);

            async Task<string> Typed(CancellationToken token)
                => await _typed.ExecuteAsync(async ct => await _http.GetStringAsync("https://orders.example/", ct), token);
        }
        """);

    [Fact]
    public Task Polly_v7_policy_guards_the_call() => Run(Usings + """
        using Polly;
        class C
        {
            private readonly HttpClient _http = new();
            private readonly IAsyncPolicy _policy = Policy.TimeoutAsync(2);
            private readonly AsyncPolicy<HttpResponseMessage> _breaker = Policy<HttpResponseMessage>.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));

            Task<string> M() => _policy.ExecuteAsync(() => _http.GetStringAsync("https://orders.example/"));

            Task<HttpResponseMessage> N(CancellationToken token) => _breaker.ExecuteAsync(ct => _http.GetAsync("https://orders.example/", ct), token);
        }
        """);

    [Fact]
    public Task Downstream_guard_guards_the_call() => Run(Usings + """
        using Advisor;
        class C
        {
            private readonly HttpClient _http = new();

            async Task<string> M(CancellationToken token)
                => await Downstream.Guard("orders").ExecuteAsync(async ct => await _http.GetStringAsync("https://orders.example/", ct), token);
        }
        """);

    [Fact]
    public Task Token_parameter_of_a_guarded_caller_guards_the_call() => Run(Usings + """
        using Advisor;
        class C
        {
            private readonly HttpClient _http = new();

            async Task<string> Caller(CancellationToken token)
                => await Downstream.Guard("orders").ExecuteAsync(ct => new ValueTask<string>(Fetch(ct)), token);

            async Task<string> Fetch(CancellationToken ct) => await _http.GetStringAsync("https://orders.example/", ct);
        }
        """);

    [Fact]
    public Task Token_parameter_with_an_unguarded_caller_is_reported() => Run(Usings + """
        using Advisor;
        class C
        {
            private readonly HttpClient _http = new();

            async Task<string> Guarded(CancellationToken token)
                => await Downstream.Guard("orders").ExecuteAsync(ct => new ValueTask<string>(Fetch(ct)), token);

            Task<string> Unguarded(CancellationToken token) => Fetch(token);

            async Task<string> Fetch(CancellationToken ct) => await [|_http.GetStringAsync("https://orders.example/", ct)|];
        }
        """);

    [Fact]
    public Task Timeout_tokens_are_the_suggestion_level_variant() => Run(Usings + """
        class C
        {
            private readonly HttpClient _http = new();

            async Task M(CancellationToken token)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await {|#0:_http.GetStringAsync("https://a.example/", cts.Token)|};

                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
                linked.CancelAfter(2000);
                var t = linked.Token;
                await {|#1:_http.GetStringAsync("https://b.example/", t)|};

                await {|#2:_http.GetStringAsync("https://c.example/")|}.WaitAsync(TimeSpan.FromSeconds(1), token);

                await Caller();
            }

            async Task Caller()
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Helper(cts.Token);
            }

            async Task Helper(CancellationToken ct) => await {|#3:_http.GetStringAsync("https://d.example/", ct)|};
        }
        """, TimeoutOnly(0), TimeoutOnly(1), TimeoutOnly(2), TimeoutOnly(3));

    private const string Clients = Usings + """
        namespace Shop;

        public class OrdersClient(HttpClient http)
        {
            public async Task<string> Get(CancellationToken ct) => await http.GetStringAsync("/orders", ct);
        }

        public class StockClient
        {
            private readonly HttpClient _http;
            public StockClient(HttpClient http) => _http = http;
            public async Task<string> Get(CancellationToken ct) => await _http.GetStringAsync("/stock", ct);
        }

        public class PolicyClient(HttpClient http)
        {
            public async Task<string> Get(CancellationToken ct) => await http.GetStringAsync("/p", ct);
        }

        public class AdvisorClient(HttpClient http)
        {
            public async Task<string> Get(CancellationToken ct) => await http.GetStringAsync("/a", ct);
        }

        public class SlowClient(HttpClient http)
        {
            public async Task<string> Get(CancellationToken ct) => await {|#0:http.GetStringAsync("/s", ct)|};
        }

        public class Plain(HttpClient http)
        {
            public async Task<string> Get(CancellationToken ct) => await [|http.GetStringAsync("/x", ct)|];
        }

        public class Named(IHttpClientFactory factory)
        {
            private readonly HttpClient _catalog = factory.CreateClient("catalog");

            public async Task<string> Get(CancellationToken ct)
            {
                var billing = factory.CreateClient("billing");
                await billing.GetStringAsync("/b", ct);
                await [|factory.CreateClient("other").GetStringAsync("/o", ct)|];
                return await _catalog.GetStringAsync("/c", ct);
            }
        }
        """;

    [Fact]
    public Task Clients_registered_with_resilience_handlers_in_another_file_are_guarded() => RunFiles(
        [
            Clients,
            Usings + """
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.Extensions.Http;
            using Shop;

            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddHttpClient<OrdersClient>().AddStandardResilienceHandler();
                    var stock = services.AddHttpClient<StockClient>(c => c.BaseAddress = new Uri("https://stock.example/"));
                    stock.AddResilienceHandler("stock", b => b.AddTimeout(TimeSpan.FromSeconds(1)));
                    services.AddHttpClient<PolicyClient>().AddPolicyHandler(HttpPolicyExtensions.HandleTransientHttpError().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));
                    services.AddHttpClient<AdvisorClient>().AddAdvisorGuard("advisor");
                    services.AddHttpClient<SlowClient>(c => c.Timeout = TimeSpan.FromSeconds(3));
                    services.AddHttpClient("catalog").AddStandardResilienceHandler();
                    services.AddHttpClient("billing").AddStandardResilienceHandler();
                }
            }
            """,
        ],
        TimeoutOnly(0));

    [Fact]
    public Task Configure_http_client_defaults_guards_every_factory_client() => RunFiles(
        [
            Usings + """
            public class OrdersClient(HttpClient http)
            {
                public async Task<string> Get(CancellationToken ct) => await http.GetStringAsync("/orders", ct);
            }

            public class Own
            {
                private readonly HttpClient _http = new();
                public async Task<string> Get(CancellationToken ct) => await [|_http.GetStringAsync("https://own.example/", ct)|];
            }
            """,
            Usings + """
            using Microsoft.Extensions.DependencyInjection;

            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
                    services.AddHttpClient<OrdersClient>();
                }
            }
            """,
        ]);
}
