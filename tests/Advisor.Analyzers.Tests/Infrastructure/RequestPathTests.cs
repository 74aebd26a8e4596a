using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Tests.Infrastructure;

public class RequestPathTests
{
    private static async Task<(Compilation Compilation, RequestPath Model)> BuildAsync(string source, params string[] configured)
    {
        var compilation = await TestCompilation.CreateAsync(aspNetCore: true, source);
        var model = RequestPath.For(AdvisorContext.For(compilation), configured.ToImmutableArray(), CancellationToken.None);
        return (compilation, model);
    }

    private static IMethodSymbol Method(Compilation compilation, string type, string name)
        => compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().First();

    private static string[] Listing(RequestPath model) => model.EntryPoints.Select(e => e.ToString()).ToArray();

    [Fact]
    public async Task AspNetCore_reference_assemblies_resolve_controller_and_minimal_api_types()
    {
        var compilation = await TestCompilation.CreateAsync(aspNetCore: true, """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;

            [ApiController, Route("api/[controller]")]
            public class OrdersController : ControllerBase { [HttpGet] public IActionResult Get() => Ok(); }
            public class IndexModel : PageModel { public void OnGet() { } }
            public class ChatHub : Hub { public Task Send(string m) => Clients.All.SendAsync("m", m); }
            public static class Endpoints
            {
                public static void Register(WebApplication app) => app.MapGet("/x", (HttpContext c) => Results.Ok());
            }
            """);
        var symbols = AdvisorContext.For(compilation).Symbols;
        Assert.NotNull(symbols.ControllerBase);
        Assert.NotNull(symbols.PageModel);
        Assert.NotNull(symbols.Hub);
        Assert.NotNull(symbols.IEndpointRouteBuilder);
        Assert.NotNull(symbols.HttpContext);
        Assert.NotNull(symbols.BackgroundService);
    }

    [Fact]
    public async Task Every_kind_of_entry_point_is_found()
    {
        var (_, model) = await BuildAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;
            using Advisor;

            namespace Grpc.Core { public abstract class ServerCallContext { } }
            namespace Shop
            {
                public class OrdersController : ControllerBase
                {
                    public IActionResult Get(int id) => Ok(id);
                    [NonAction] public int Helper() => 1;
                    private int Hidden() => 2;
                }
                [ApiController] public class Plain { public string Ping() => "pong"; }
                public class IndexModel : PageModel { public void OnGet() { } public Task OnPostAsync() => Task.CompletedTask; public void Other() { } }
                public class ChatHub : Hub { public Task Send(string m) => Task.CompletedTask; }
                public class TimingMiddleware
                {
                    private readonly RequestDelegate _next;
                    public TimingMiddleware(RequestDelegate next) => _next = next;
                    public Task InvokeAsync(HttpContext context) => _next(context);
                }
                public class AuditMiddleware : IMiddleware
                {
                    public Task InvokeAsync(HttpContext context, RequestDelegate next) => next(context);
                }
                public abstract class GreeterBase { public abstract Task<string> SayHello(string request, Grpc.Core.ServerCallContext context); }
                public class Greeter : GreeterBase { public override Task<string> SayHello(string request, Grpc.Core.ServerCallContext context) => Task.FromResult(request); }
                public class Jobs { [RequestPath] public void Handle() { } public void NotMarked() { } }
                public class Custom { public void Process() { } }
                public static class Endpoints
                {
                    public static void Register(WebApplication app)
                    {
                        app.MapGet("/orders/{id}", (int id) => id);
                        app.MapPost("/orders", Create);
                        app.Use(async (context, next) => await next(context));
                    }
                    public static int Create() => 1;
                }
            }
            """, "Shop.Custom.Process");

        Assert.Equal(
            new[]
            {
                "Controller: OrdersController.Get",
                "Controller: Plain.Ping",
                "RazorPage: IndexModel.OnGet",
                "RazorPage: IndexModel.OnPostAsync",
                "Hub: ChatHub.Send",
                "Middleware: TimingMiddleware.InvokeAsync",
                "Middleware: AuditMiddleware.InvokeAsync",
                "Grpc: Greeter.SayHello",
                "Attribute: Jobs.Handle ([RequestPath])",
                "Configured: Custom.Process (advisor.request_path.entry_points)",
                "MinimalApi: lambda at Test0.cs:39 (GET /orders/{id})",
                "Middleware: lambda at Test0.cs:41 (app.Use)",
                "MinimalApi: Endpoints.Create (POST /orders)",
            },
            Listing(model));
    }

    [Fact]
    public async Task Methods_reached_through_calls_are_on_the_request_path_and_others_are_not()
    {
        var (compilation, model) = await BuildAsync("""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;
            using System.Threading;
            using System.Threading.Tasks;

            public class ReportsController : ControllerBase
            {
                private readonly Renderer _renderer = new();
                public IActionResult Get() => Ok(_renderer.Render());
            }
            public class Renderer
            {
                public string Render() => Format(1);
                private static string Format(int x) => Deep.Leaf(x);
                public string Unused() => "x";
            }
            public static class Deep { public static string Leaf(int x) => x.ToString(); }
            public class Worker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken ct) { Cold.Run(); return Task.CompletedTask; }
            }
            public static class Cold { public static void Run() { } }
            """);

        Assert.True(model.IsReached(Method(compilation, "ReportsController", "Get")));
        Assert.True(model.IsReached(Method(compilation, "Renderer", "Render")));
        Assert.True(model.IsReached(Method(compilation, "Renderer", "Format")));
        Assert.True(model.IsReached(Method(compilation, "Deep", "Leaf")));
        Assert.False(model.IsReached(Method(compilation, "Renderer", "Unused")));
        Assert.False(model.IsReached(Method(compilation, "Cold", "Run")));
        Assert.False(model.IsReached(Method(compilation, "Worker", "ExecuteAsync")));
    }

    [Fact]
    public async Task The_model_is_computed_once_per_compilation()
    {
        var (compilation, model) = await BuildAsync("public class C { }");
        var again = RequestPath.For(AdvisorContext.For(compilation), System.Collections.Immutable.ImmutableArray<string>.Empty, CancellationToken.None);
        Assert.Same(model, again);
        Assert.Empty(model.EntryPoints);
    }

    [Fact]
    public async Task Roles_distinguish_boundaries_reached_helpers_offloaded_lambdas_and_background_code()
    {
        var (compilation, model) = await BuildAsync("""
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;
            using System.Threading;
            using System.Threading.Tasks;

            public class HomeController : ControllerBase
            {
                public int Index() => Helper.Compute();
                public async Task<int> Offloaded() => await Task.Run(() => Helper.Compute());
            }
            public static class Helper { public static int Compute() => 1; public static int Alone() => 2; }
            public class Library { public async Task<int> LoadAsync() { await Task.Yield(); return 1; } }
            public class Worker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken ct) { await Task.Delay(1, ct); }
            }
            """);

        RequestPathRole RoleOf(string type, string method)
        {
            var symbol = Method(compilation, type, method);
            var syntax = symbol.DeclaringSyntaxReferences[0].GetSyntax();
            var semanticModel = compilation.GetSemanticModel(syntax.SyntaxTree);
            var operation = semanticModel.GetOperation(syntax)!;
            var innermost = operation.Descendants().LastOrDefault(o => o.Kind == Microsoft.CodeAnalysis.OperationKind.Invocation) ?? operation;
            return model.GetRole(innermost, symbol);
        }

        Assert.Equal(RequestPathRole.Boundary, RoleOf("HomeController", "Index"));
        Assert.Equal(RequestPathRole.Reached, RoleOf("Helper", "Compute"));
        Assert.Equal(RequestPathRole.None, RoleOf("Helper", "Alone"));
        Assert.Equal(RequestPathRole.Boundary, RoleOf("Library", "LoadAsync"));
        Assert.Equal(RequestPathRole.None, RoleOf("Worker", "ExecuteAsync"));

        // The call inside Task.Run's lambda runs on the pool, not the request thread.
        var offloaded = Method(compilation, "HomeController", "Offloaded");
        var body = compilation.GetSemanticModel(offloaded.DeclaringSyntaxReferences[0].SyntaxTree).GetOperation(offloaded.DeclaringSyntaxReferences[0].GetSyntax())!;
        var inner = body.Descendants().OfType<Microsoft.CodeAnalysis.Operations.IInvocationOperation>().Single(i => i.TargetMethod.Name == "Compute");
        Assert.Equal(RequestPathRole.None, model.GetRole(inner, offloaded));
    }
}
