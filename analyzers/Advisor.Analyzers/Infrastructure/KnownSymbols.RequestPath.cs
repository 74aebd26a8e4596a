using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>TaskFactory itself is in KnownSymbols.AsyncTwins.cs. Types the request-path model (<see cref="RequestPath"/>) and the CPU and scale rules look for.</summary>
internal sealed partial class KnownSymbols
{
    private StrongBox<INamedTypeSymbol?>? _controllerBase, _controllerAttribute, _nonControllerAttribute, _nonActionAttribute;
    private StrongBox<INamedTypeSymbol?>? _pageModel, _httpContext, _middleware, _requestDelegate, _hub, _hubOfT;
    private StrongBox<INamedTypeSymbol?>? _serverCallContext, _endpointRouteBuilder, _applicationBuilder;
    private StrongBox<INamedTypeSymbol?>? _backgroundService, _hostedService, _parallel, _parallelEnumerable;
    private StrongBox<INamedTypeSymbol?>? _taskFactoryOfT, _taskCreationOptions, _threadPool, _delegate;

    public INamedTypeSymbol? ControllerBase => Resolve(ref _controllerBase, "Microsoft.AspNetCore.Mvc.ControllerBase");
    public INamedTypeSymbol? ControllerAttribute => Resolve(ref _controllerAttribute, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
    public INamedTypeSymbol? NonControllerAttribute => Resolve(ref _nonControllerAttribute, "Microsoft.AspNetCore.Mvc.NonControllerAttribute");
    public INamedTypeSymbol? NonActionAttribute => Resolve(ref _nonActionAttribute, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
    public INamedTypeSymbol? PageModel => Resolve(ref _pageModel, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
    public INamedTypeSymbol? HttpContext => Resolve(ref _httpContext, "Microsoft.AspNetCore.Http.HttpContext");
    public INamedTypeSymbol? IMiddleware => Resolve(ref _middleware, "Microsoft.AspNetCore.Http.IMiddleware");
    public INamedTypeSymbol? RequestDelegate => Resolve(ref _requestDelegate, "Microsoft.AspNetCore.Http.RequestDelegate");
    public INamedTypeSymbol? Hub => Resolve(ref _hub, "Microsoft.AspNetCore.SignalR.Hub");
    public INamedTypeSymbol? HubOfT => Resolve(ref _hubOfT, "Microsoft.AspNetCore.SignalR.Hub`1");
    public INamedTypeSymbol? ServerCallContext => Resolve(ref _serverCallContext, "Grpc.Core.ServerCallContext");
    public INamedTypeSymbol? IEndpointRouteBuilder => Resolve(ref _endpointRouteBuilder, "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
    public INamedTypeSymbol? IApplicationBuilder => Resolve(ref _applicationBuilder, "Microsoft.AspNetCore.Builder.IApplicationBuilder");
    public INamedTypeSymbol? BackgroundService => Resolve(ref _backgroundService, "Microsoft.Extensions.Hosting.BackgroundService");
    public INamedTypeSymbol? IHostedService => Resolve(ref _hostedService, "Microsoft.Extensions.Hosting.IHostedService");
    public INamedTypeSymbol? Parallel => Resolve(ref _parallel, "System.Threading.Tasks.Parallel");
    public INamedTypeSymbol? ParallelEnumerable => Resolve(ref _parallelEnumerable, "System.Linq.ParallelEnumerable");
    public INamedTypeSymbol? TaskFactoryOfT => Resolve(ref _taskFactoryOfT, "System.Threading.Tasks.TaskFactory`1");
    public INamedTypeSymbol? TaskCreationOptions => Resolve(ref _taskCreationOptions, "System.Threading.Tasks.TaskCreationOptions");
    public INamedTypeSymbol? ThreadPool => Resolve(ref _threadPool, "System.Threading.ThreadPool");
    public INamedTypeSymbol? Delegate => Resolve(ref _delegate, "System.Delegate");
}
