using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4001UnguardedDownstreamCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string FixedUsings = """
        using Advisor;
        using System;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Fix(string source, string fixedSource)
    {
        var test = new AdvisorTest<UnguardedDownstreamAnalyzer, UnguardedDownstreamCodeFixProvider>
        {
            TestCode = Usings + source,
            FixedCode = FixedUsings + fixedSource,
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
        }.WithResilience();
        return test.RunAsync();
    }

    [Fact]
    public Task Call_is_wrapped_with_the_typed_client_name_and_its_token_threaded() => Fix("""
        class OrdersClient
        {
            private readonly HttpClient _http;

            public OrdersClient(HttpClient http) => _http = http;

            public async Task<string> Get(int id, CancellationToken cancellationToken)
            {
                // keep me
                var body = await [|_http.GetStringAsync("/orders/" + id, cancellationToken)|]; // trailing
                return body;
            }
        }
        """, """
        class OrdersClient
        {
            private readonly HttpClient _http;

            public OrdersClient(HttpClient http) => _http = http;

            public async Task<string> Get(int id, CancellationToken cancellationToken)
            {
                // keep me
                var body = await Downstream.Guard("orders").ExecuteAsync(async ct => await _http.GetStringAsync("/orders/" + id, ct), cancellationToken); // trailing
                return body;
            }
        }
        """);

    [Fact]
    public Task Token_is_added_through_an_overload_or_an_optional_parameter_and_ConfigureAwait_is_kept() => Fix("""
        class C
        {
            private readonly HttpClient _inventoryHttp = new();

            async Task<int> M(CancellationToken token)
            {
                var a = await [|_inventoryHttp.GetStringAsync("https://inventory.example/a")|].ConfigureAwait(false);
                var b = await [|_inventoryHttp.GetFromJsonAsync<int>("https://inventory.example/b")|];
                return a.Length + b;
            }
        }
        """, """
        class C
        {
            private readonly HttpClient _inventoryHttp = new();

            async Task<int> M(CancellationToken token)
            {
                var a = await Downstream.Guard("inventory").ExecuteAsync(async ct => await _inventoryHttp.GetStringAsync("https://inventory.example/a", ct).ConfigureAwait(false), token).ConfigureAwait(false);
                var b = await Downstream.Guard("inventory").ExecuteAsync(async ct => await _inventoryHttp.GetFromJsonAsync<int>("https://inventory.example/b", cancellationToken: ct), token);
                return a.Length + b;
            }
        }
        """);

    [Fact]
    public Task Host_names_the_guard_and_a_returned_task_keeps_its_type() => Fix("""
        class C
        {
            private static readonly HttpClient Http = new();

            Task<HttpResponseMessage> M() => [|Http.GetAsync("https://www.payments.example/charge")|];
        }
        """, """
        class C
        {
            private static readonly HttpClient Http = new();

            Task<HttpResponseMessage> M() => Downstream.Guard("payments.example").ExecuteAsync(async ct => await Http.GetAsync("https://www.payments.example/charge", ct)).AsTask();
        }
        """);

    [Fact]
    public Task Timeout_only_calls_are_fixed_too() => Fix("""
        class C
        {
            private readonly HttpClient _search = new() { Timeout = TimeSpan.FromSeconds(2) };

            async Task<string> M(CancellationToken ct) => await {|#0:_search.GetStringAsync("https://s.example/", ct)|};
        }
        """.Replace("{|#0:", "{|ADV4001:", StringComparison.Ordinal), """
        class C
        {
            private readonly HttpClient _search = new() { Timeout = TimeSpan.FromSeconds(2) };

            async Task<string> M(CancellationToken ct) => await Downstream.Guard("search").ExecuteAsync(async token => await _search.GetStringAsync("https://s.example/", token), ct);
        }
        """);
}
