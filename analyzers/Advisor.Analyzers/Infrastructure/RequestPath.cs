using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>How a request reaches an entry point.</summary>
internal enum EntryPointKind
{
    /// <summary>An MVC or API controller action.</summary>
    Controller,

    /// <summary>A Razor Pages handler (<c>OnGet</c>, <c>OnPostAsync</c>, ...).</summary>
    RazorPage,

    /// <summary>A delegate or method group passed to <c>Map*</c>.</summary>
    MinimalApi,

    /// <summary><c>Invoke/InvokeAsync(HttpContext)</c> of a middleware class, <c>IMiddleware</c>, or an inline <c>Use</c>/<c>Run</c> delegate.</summary>
    Middleware,

    /// <summary>A public method of a SignalR hub.</summary>
    Hub,

    /// <summary>A gRPC service override (a method with a <c>ServerCallContext</c> parameter).</summary>
    Grpc,

    /// <summary>A method marked <c>[RequestPath]</c>, or a method of a type marked with it.</summary>
    Attribute,

    /// <summary>A method named in <c>advisor.request_path.entry_points</c>.</summary>
    Configured,
}

/// <summary>Where a function stands with respect to the request path.</summary>
internal enum RequestPathRole
{
    /// <summary>Not request-path code: background services, startup, work already offloaded, or code no request reaches.</summary>
    None,

    /// <summary>
    /// Code that serves a request and is where work should be offloaded: an entry point or an async context. CPU work
    /// found here is reported here (ADV1001); calls from here into CPU-heavy helpers are reported at the call (ADV1002).
    /// </summary>
    Boundary,

    /// <summary>A synchronous method reached from an entry point through calls (reported at its caller's boundary).</summary>
    Reached,
}

/// <summary>One request entry point.</summary>
internal sealed class EntryPoint
{
    public EntryPoint(IMethodSymbol method, EntryPointKind kind, SyntaxNode? syntax, string? detail)
    {
        Method = method;
        Kind = kind;
        Syntax = syntax;
        Detail = detail;
    }

    /// <summary>The method, or the lambda symbol for a delegate handler.</summary>
    public IMethodSymbol Method { get; }

    public EntryPointKind Kind { get; }

    /// <summary>The lambda or anonymous method for delegate handlers; null for methods.</summary>
    public SyntaxNode? Syntax { get; }

    /// <summary>Extra information for listings: the route and verb of a minimal API, the attribute, the configured entry.</summary>
    public string? Detail { get; }

    public Location Location => Syntax?.GetLocation() ?? (Method.Locations.IsEmpty ? Location.None : Method.Locations[0]);

    /// <summary>A readable name: <c>OrdersController.Get</c>, <c>lambda at Program.cs:12</c>.</summary>
    public string DisplayName
    {
        get
        {
            if (Syntax is not null)
            {
                var span = Syntax.GetLocation().GetLineSpan();
                return $"lambda at {System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
            }

            return Method.ContainingType is { } type ? type.Name + "." + Method.Name : Method.Name;
        }
    }

    public override string ToString() => $"{Kind}: {DisplayName}{(Detail is null ? string.Empty : " (" + Detail + ")")}";
}

/// <summary>
/// The request-path model of one compilation, computed once and shared by every rule (and by the <c>advisor</c>
/// command-line tool): the request entry points (controller actions, Razor Page handlers, minimal API handlers,
/// middleware, SignalR hub methods, gRPC service overrides, <c>[RequestPath]</c> methods and the methods named in
/// <c>.editorconfig</c>) and every method of the compilation reachable from them through calls
/// (<see cref="CallGraph"/>: direct calls, resolved virtual calls, invoked local functions; not lambdas, which may run
/// elsewhere). Code of hosted/background services and startup code is never request path.
/// </summary>
internal sealed class RequestPath
{
    /// <summary>The <c>.editorconfig</c> key listing extra entry points (documentation-comment IDs, dotted names, <c>T:</c> types).</summary>
    public const string EntryPointsKey = "advisor.request_path.entry_points";

    /// <summary>The <c>.editorconfig</c> key that turns off "every async context is request path" (default true).</summary>
    public const string AsyncContextsKey = "advisor.request_path.async_contexts";

    private static readonly ImmutableHashSet<string> s_mapMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapFallback");

    private readonly AdvisorContext _context;
    private readonly HashSet<IMethodSymbol> _entryMethods = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxNode, EntryPoint> _entryLambdas = new();
    private readonly HashSet<IMethodSymbol> _reached = new(SymbolEqualityComparer.Default);

    private RequestPath(AdvisorContext context, ImmutableArray<EntryPoint> entryPoints)
    {
        _context = context;
        EntryPoints = entryPoints;
        foreach (var entry in entryPoints)
        {
            if (entry.Syntax is not null)
            {
                _entryLambdas[entry.Syntax] = entry;
            }
            else
            {
                _entryMethods.Add(MethodBodies.Normalize(entry.Method));
            }
        }
    }

    /// <summary>Every entry point, in declaration order (by file, then position).</summary>
    public ImmutableArray<EntryPoint> EntryPoints { get; }

    /// <summary>The source methods reached from the entry points through calls, the entry methods included.</summary>
    public IReadOnlyCollection<IMethodSymbol> ReachedMethods => _reached;

    /// <summary>
    /// The model for this compilation with the entry points configured in <paramref name="options"/> (null: none).
    /// Computed once per compilation and configuration; thread-safe.
    /// </summary>
    public static RequestPath For(AdvisorContext context, AnalyzerOptions? options, CancellationToken cancellationToken)
        => For(context, options is null ? ImmutableArray<string>.Empty : context.GetConfiguredEntryPoints(options), cancellationToken);

    /// <summary>The model with an explicit list of configured entry points (for tools that read their own configuration).</summary>
    public static RequestPath For(AdvisorContext context, ImmutableArray<string> configuredEntries, CancellationToken cancellationToken)
    {
        var key = "RequestPath|" + string.Join(",", configuredEntries.IsDefault ? ImmutableArray<string>.Empty : configuredEntries);
        return context.GetSummary(
            key,
            (c, token) => Build(c, configuredEntries.IsDefault ? ImmutableArray<string>.Empty : configuredEntries, token),
            cancellationToken);
    }

    public bool IsEntryPoint(IMethodSymbol method) => GetEntryPoint(method) is not null || _entryMethods.Contains(MethodBodies.Normalize(method));

    /// <summary>True for an entry point or a source method reached from one.</summary>
    public bool IsReached(IMethodSymbol method)
        => method.MethodKind == MethodKind.AnonymousFunction ? GetEntryPoint(method) is not null : _reached.Contains(MethodBodies.Normalize(method));

    /// <summary>The entry point for a lambda handler (by its syntax); null for anything else.</summary>
    public EntryPoint? GetEntryPoint(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.AnonymousFunction)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (_entryLambdas.TryGetValue(reference.GetSyntax(), out var entry))
                {
                    return entry;
                }
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="syntax"/> is a lambda or anonymous method registered as a handler.</summary>
    public bool IsEntryLambda(SyntaxNode syntax) => _entryLambdas.ContainsKey(syntax);

    /// <summary>
    /// The role of the code that contains <paramref name="operation"/> (inside the member <paramref name="containingSymbol"/>):
    /// lambdas passed to <c>Offload</c>, <c>Task.Run</c>, <c>StartNew</c>, thread or pool APIs, <c>Parallel</c> or PLINQ
    /// are not request path (the work is already elsewhere); handler lambdas are boundaries; other lambdas and local
    /// functions take the role of the function around them, async ones being boundaries themselves.
    /// </summary>
    public RequestPathRole GetRole(IOperation operation, ISymbol? containingSymbol, bool asyncContextsAreRequestPath = true)
    {
        var sawAsyncFunction = false;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    if (IsEntryLambda(lambda.Syntax))
                    {
                        return RequestPathRole.Boundary;
                    }

                    if (IsOffloaded(lambda, _context))
                    {
                        return RequestPathRole.None;
                    }

                    sawAsyncFunction |= lambda.Symbol.IsAsync;
                    break;
                case ILocalFunctionOperation localFunction:
                    sawAsyncFunction |= _context.IsAsyncContext(localFunction.Symbol);
                    break;
            }
        }

        if (containingSymbol is not IMethodSymbol method || IsBackgroundOrStartup(method, _context))
        {
            return RequestPathRole.None;
        }

        if (IsEntryPoint(method))
        {
            return RequestPathRole.Boundary;
        }

        if (asyncContextsAreRequestPath && (sawAsyncFunction || _context.IsAsyncContext(method)))
        {
            return RequestPathRole.Boundary;
        }

        return _reached.Contains(MethodBodies.Normalize(method)) ? RequestPathRole.Reached : RequestPathRole.None;
    }

    /// <summary>True when <paramref name="lambda"/> is handed to an API that runs it off the request thread.</summary>
    public static bool IsOffloaded(IAnonymousFunctionOperation lambda, AdvisorContext context)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IArgumentOperation argument)
        {
            return false;
        }

        var symbols = context.Symbols;
        switch (argument.Parent)
        {
            case IInvocationOperation invocation:
            {
                var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
                if (type is null)
                {
                    return false;
                }

                return Is(type, symbols.Offload)
                       || Is(type, symbols.Parallel)
                       || Is(type, symbols.ParallelEnumerable)
                       || Is(type, symbols.ThreadPool)
                       || Is(type, symbols.TaskFactory)
                       || Is(type, symbols.TaskFactoryOfT)
                       || (Is(type, symbols.Task) && invocation.TargetMethod.Name == "Run");
            }

            case IObjectCreationOperation creation:
                return Is(creation.Type?.OriginalDefinition, symbols.Thread)
                       || (creation.Type is { Name: "Timer" } timer && timer.ContainingNamespace?.ToDisplayString() is "System.Threading" or "System.Timers");
            default:
                return false;
        }
    }

    /// <summary>Code of hosted/background services and startup code (Main, top-level statements, Startup.Configure*).</summary>
    public static bool IsBackgroundOrStartup(IMethodSymbol method, AdvisorContext context)
    {
        if (method.IsStatic && method.Name is "Main" or "<Main>$")
        {
            return true;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.Name == "Startup" && method.Name is "Configure" or "ConfigureServices" or "ConfigureContainer")
        {
            return true;
        }

        var hosted = context.Symbols.IHostedService;
        var background = context.Symbols.BackgroundService;
        if (hosted is null && background is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (InheritsFrom(t, background) || (hosted is not null && t.AllInterfaces.Contains(hosted, SymbolEqualityComparer.Default)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the configured entries from the global options and every tree's options: O(trees), so analyzers go through <see cref="AdvisorContext.GetConfiguredEntryPoints"/>, which reads them once per analysis.</summary>
    public static ImmutableArray<string> ReadConfiguredEntries(Compilation compilation, AnalyzerOptions? options)
    {
        if (options is null)
        {
            return ImmutableArray<string>.Empty;
        }

        var raws = new SortedSet<string>(StringComparer.Ordinal);
        var provider = options.AnalyzerConfigOptionsProvider;
        if (provider.GlobalOptions.TryGetValue(EntryPointsKey, out var global) && !string.IsNullOrWhiteSpace(global))
        {
            raws.Add(global);
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.GetOptions(tree).TryGetValue(EntryPointsKey, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                raws.Add(value);
            }
        }

        if (raws.Count == 0)
        {
            return ImmutableArray<string>.Empty;
        }

        var entries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in raws)
        {
            entries.UnionWith(OptionsCache.ParseList(raw));
        }

        return entries.ToImmutableArray();
    }

    private static RequestPath Build(AdvisorContext context, ImmutableArray<string> configured, CancellationToken cancellationToken)
    {
        var entries = new List<EntryPoint>();
        var configuredSet = configured.IsEmpty ? ApiSet.Empty : ApiSet.Parse(configured);
        CollectDeclaredEntryPoints(context, configuredSet, entries, cancellationToken);
        var lambdaBodies = new List<(EntryPoint Entry, IOperation Body)>();
        CollectRegisteredHandlers(context, entries, lambdaBodies, cancellationToken);

        entries.Sort(static (a, b) =>
        {
            var left = a.Location;
            var right = b.Location;
            var byFile = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
            return byFile != 0 ? byFile : left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
        });

        var model = new RequestPath(context, entries.ToImmutableArray());
        model.ComputeReached(lambdaBodies, cancellationToken);
        return model;
    }

    // Breadth-first through the call graph; background and startup code stops the walk.
    private void ComputeReached(List<(EntryPoint Entry, IOperation Body)> lambdaBodies, CancellationToken cancellationToken)
    {
        var queue = new Queue<IMethodSymbol>();
        foreach (var method in _entryMethods)
        {
            if (_reached.Add(method))
            {
                queue.Enqueue(method);
            }
        }

        foreach (var (_, body) in lambdaBodies)
        {
            foreach (var operation in TaskCompletion.EnumerateFunctionOperations(body))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation
                    && _context.Calls.ResolveTarget(operation, cancellationToken) is { } target
                    && _reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var method = queue.Dequeue();
            foreach (var call in _context.Calls.GetCalls(method, cancellationToken))
            {
                if (!IsBackgroundOrStartup(call.Target, _context) && _reached.Add(call.Target))
                {
                    queue.Enqueue(call.Target);
                }
            }
        }
    }

    private static void CollectDeclaredEntryPoints(AdvisorContext context, ApiSet configured, List<EntryPoint> entries, CancellationToken cancellationToken)
    {
        var symbols = context.Symbols;
        var hasAspNet = symbols.ControllerBase is not null || symbols.HttpContext is not null || symbols.Hub is not null;
        var hasGrpc = symbols.ServerCallContext is not null;
        var requestPathAttribute = symbols.RequestPathAttribute;
        if (!hasAspNet && !hasGrpc && requestPathAttribute is null && configured.IsEmpty)
        {
            return;
        }

        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(context.Compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in stack.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested)
                {
                    stack.Push(nested);
                }

                if (member is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type && !type.DeclaringSyntaxReferences.IsEmpty)
                {
                    CollectTypeEntryPoints(context, type, configured, entries);
                }
            }
        }
    }

    private static void CollectTypeEntryPoints(AdvisorContext context, INamedTypeSymbol type, ApiSet configured, List<EntryPoint> entries)
    {
        var symbols = context.Symbols;
        var typeKind = ClassifyType(type, symbols);
        var typeMarked = symbols.RequestPathAttribute is { } marker && HasAttribute(type, marker, inherited: true);
        var isMiddlewareClass = symbols.HttpContext is not null && IsConventionalMiddleware(type, symbols);
        var implementsMiddleware = symbols.IMiddleware is { } middleware && type.AllInterfaces.Contains(middleware, SymbolEqualityComparer.Default);

        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } method || method.DeclaringSyntaxReferences.IsEmpty)
            {
                continue;
            }

            EntryPointKind? kind = null;
            string? detail = null;
            if (symbols.RequestPathAttribute is { } attribute && HasAttribute(method, attribute, inherited: false))
            {
                kind = EntryPointKind.Attribute;
                detail = "[RequestPath]";
            }
            else if (!configured.IsEmpty && (configured.Contains(method)))
            {
                kind = EntryPointKind.Configured;
                detail = EntryPointsKey;
            }
            else if (typeMarked && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic)
            {
                kind = EntryPointKind.Attribute;
                detail = "[RequestPath] on " + type.Name;
            }
            else if (typeKind is { } k && IsHandlerOf(k, method, symbols))
            {
                kind = k;
            }
            else if ((isMiddlewareClass || implementsMiddleware) && method.Name is "Invoke" or "InvokeAsync"
                     && method.Parameters.Length > 0 && Is(method.Parameters[0].Type, symbols.HttpContext) && !method.IsStatic)
            {
                kind = EntryPointKind.Middleware;
            }
            else if (symbols.ServerCallContext is { } callContext && method.IsOverride
                     && method.Parameters.Any(p => Is(p.Type, callContext)))
            {
                kind = EntryPointKind.Grpc;
            }

            if (kind is { } found)
            {
                entries.Add(new EntryPoint(method, found, syntax: null, detail));
            }
        }
    }

    private static EntryPointKind? ClassifyType(INamedTypeSymbol type, KnownSymbols symbols)
    {
        if (type.IsAbstract || type.IsStatic || type.TypeKind != TypeKind.Class)
        {
            return null;
        }

        if (symbols.PageModel is { } pageModel && InheritsFrom(type, pageModel))
        {
            return EntryPointKind.RazorPage;
        }

        if ((symbols.Hub is { } hub && InheritsFrom(type, hub)) || (symbols.HubOfT is { } hubOfT && InheritsFromGeneric(type, hubOfT)))
        {
            return EntryPointKind.Hub;
        }

        if (IsController(type, symbols))
        {
            return EntryPointKind.Controller;
        }

        return null;
    }

    // ASP.NET Core's rules: public, non-abstract, non-generic class that derives from ControllerBase, or carries
    // [Controller] (or [ApiController]) on itself or a base, or is named *Controller; never [NonController].
    private static bool IsController(INamedTypeSymbol type, KnownSymbols symbols)
    {
        if (symbols.ControllerBase is null || type.DeclaredAccessibility != Accessibility.Public || type.IsGenericType)
        {
            return false;
        }

        if (symbols.NonControllerAttribute is { } non && HasAttribute(type, non, inherited: true))
        {
            return false;
        }

        return InheritsFrom(type, symbols.ControllerBase)
               || (symbols.ControllerAttribute is { } controller && HasAttribute(type, controller, inherited: true))
               || type.Name.EndsWith("Controller", StringComparison.Ordinal);
    }

    private static bool IsHandlerOf(EntryPointKind kind, IMethodSymbol method, KnownSymbols symbols)
    {
        if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic || method.IsGenericMethod)
        {
            return false;
        }

        switch (kind)
        {
            case EntryPointKind.Controller:
                return !(symbols.NonActionAttribute is { } nonAction && HasAttribute(method, nonAction, inherited: true))
                       && method.Name is not ("Dispose" or "OnActionExecuting" or "OnActionExecuted" or "OnActionExecutionAsync");
            case EntryPointKind.RazorPage:
                return method.Name.StartsWith("On", StringComparison.Ordinal) && method.Name.Length > 2 && char.IsUpper(method.Name[2])
                       && method.Name is not ("OnPageHandlerSelected" or "OnPageHandlerExecuting" or "OnPageHandlerExecuted" or "OnPageHandlerExecutionAsync" or "OnPageHandlerSelectionAsync");
            case EntryPointKind.Hub:
                return method.Name is not ("Dispose" or "OnConnectedAsync" or "OnDisconnectedAsync");
            default:
                return false;
        }
    }

    // Convention-based middleware: a public Invoke/InvokeAsync(HttpContext, ...) on a class whose constructor takes the next RequestDelegate.
    private static bool IsConventionalMiddleware(INamedTypeSymbol type, KnownSymbols symbols)
    {
        if (symbols.RequestDelegate is not { } next)
        {
            return false;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Any(p => Is(p.Type, next)))
            {
                return true;
            }
        }

        return false;
    }

    // Minimal APIs (Map*, MapGet, ...) and inline middleware (Use, Run): find candidate invocations syntactically, bind only those.
    private static void CollectRegisteredHandlers(AdvisorContext context, List<EntryPoint> entries, List<(EntryPoint, IOperation)> lambdaBodies, CancellationToken cancellationToken)
    {
        var symbols = context.Symbols;
        if (symbols.IEndpointRouteBuilder is null && symbols.IApplicationBuilder is null)
        {
            return;
        }

        foreach (var tree in context.Compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } } invocationSyntax
                    || !(s_mapMethods.Contains(name) || name is "Use" or "Run"))
                {
                    continue;
                }

#pragma warning disable RS1030 // Computed once per compilation for the shared model; only candidate invocations are bound.
                model ??= context.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var isMap = s_mapMethods.Contains(name) && IsOn(invocation, symbols.IEndpointRouteBuilder);
                var isUse = !isMap && IsOn(invocation, symbols.IApplicationBuilder);
                if (!isMap && !isUse)
                {
                    continue;
                }

                var kind = isMap ? EntryPointKind.MinimalApi : EntryPointKind.Middleware;
                var detail = isMap ? Describe(invocation) : "app." + name;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is not IDelegateCreationOperation creation)
                    {
                        continue;
                    }

                    switch (creation.Target)
                    {
                        case IAnonymousFunctionOperation lambda:
                            var entry = new EntryPoint(lambda.Symbol, kind, lambda.Syntax, detail);
                            entries.Add(entry);
                            lambdaBodies.Add((entry, lambda.Body));
                            break;
                        case IMethodReferenceOperation { Method: var method } when context.Bodies.IsInSource(MethodBodies.Normalize(method)):
                            entries.Add(new EntryPoint(MethodBodies.Normalize(method), kind, syntax: null, detail));
                            break;
                    }
                }
            }
        }
    }

    private static string Describe(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "pattern" && argument.Value.ConstantValue is { HasValue: true, Value: string pattern })
            {
                var verb = name.StartsWith("Map", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(3).ToUpperInvariant() : name;
                return (verb.Length == 0 ? "MAP" : verb) + " " + pattern;
            }
        }

        return name;
    }

    private static bool IsOn(IInvocationOperation invocation, INamedTypeSymbol? builder)
    {
        if (builder is null)
        {
            return false;
        }

        var receiverType = invocation.TargetMethod.IsExtensionMethod
            ? (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).Parameters.FirstOrDefault()?.Type
            : invocation.TargetMethod.ContainingType;
        if (receiverType is null)
        {
            return false;
        }

        return Is(receiverType, builder) || receiverType.AllInterfaces.Contains(builder, SymbolEqualityComparer.Default);
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute, bool inherited)
    {
        for (var current = symbol; current is not null;)
        {
            foreach (var data in current.GetAttributes())
            {
                if (data.AttributeClass is { } cls && InheritsFrom(cls, attribute))
                {
                    return true;
                }
            }

            if (!inherited)
            {
                return false;
            }

            current = current switch
            {
                INamedTypeSymbol type => type.BaseType,
                IMethodSymbol method => method.OverriddenMethod,
                _ => null,
            };
        }

        return false;
    }

    private static bool InheritsFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InheritsFromGeneric(INamedTypeSymbol type, INamedTypeSymbol genericDefinition) => InheritsFrom(type, genericDefinition);

    private static bool Is(ITypeSymbol? left, ITypeSymbol? right)
        => right is not null && left is not null && SymbolEqualityComparer.Default.Equals(left.OriginalDefinition, right);
}
