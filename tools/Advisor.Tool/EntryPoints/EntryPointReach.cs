using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Advisor.Tool.EntryPoints;

/// <summary>What an entry point runs: its own body plus the methods of the compilation it calls, transitively.</summary>
internal sealed class ReachedCode
{
    public ReachedCode(IReadOnlyList<(SyntaxTree Tree, TextSpan Span)> spans, bool awaits, int downstreamCalls)
    {
        Spans = spans;
        Awaits = awaits;
        DownstreamCalls = downstreamCalls;
    }

    /// <summary>The entry point's body and the declarations of every method it reaches.</summary>
    public IReadOnlyList<(SyntaxTree Tree, TextSpan Span)> Spans { get; }

    public bool Awaits { get; }

    public int DownstreamCalls { get; }

    public bool Contains(Location location)
        => location.IsInSource && Spans.Any(s => s.Tree == location.SourceTree && s.Span.Contains(location.SourceSpan));
}

/// <summary>
/// Follows calls from entry points through the shared <see cref="CallGraph"/> (so the report reaches exactly what the
/// analyzers' summaries reach: code inside lambdas that may run elsewhere is not followed). Per-method facts are
/// computed once per compilation and shared by all entry points.
/// </summary>
internal sealed class EntryPointReach
{
    private readonly Compilation _compilation;
    private readonly AdvisorContext _advisor;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodFacts> _facts = new(SymbolEqualityComparer.Default);

    public EntryPointReach(Compilation compilation)
    {
        _compilation = compilation;
        _advisor = AdvisorContext.For(compilation);
    }

    public ReachedCode Compute(EntryPoint entry, CancellationToken cancellationToken)
    {
        var spans = new List<(SyntaxTree, TextSpan)> { (entry.Body.SyntaxTree, entry.Body.Span) };
        var model = _compilation.GetSemanticModel(entry.Body.SyntaxTree);
        var rootOperation = model.GetOperation(entry.Body, cancellationToken);
        if (rootOperation is null)
        {
            return new ReachedCode(spans, awaits: false, downstreamCalls: 0);
        }

        var entryFacts = Collect(rootOperation, cancellationToken);
        var awaits = entryFacts.Awaits;
        var downstream = entryFacts.DownstreamCalls;
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (entry.Symbol is not null)
        {
            visited.Add(MethodBodies.Normalize(entry.Symbol));
        }

        var pending = new Queue<IMethodSymbol>(entryFacts.Callees);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var method = pending.Dequeue();
            if (!visited.Add(method))
            {
                continue;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                spans.Add((reference.SyntaxTree, reference.Span));
            }

            var facts = _facts.GetOrAdd(method, m => _advisor.Bodies.Get(m, cancellationToken) is { } body ? Collect(body, cancellationToken) : MethodFacts.Empty);
            awaits |= facts.Awaits;
            downstream += facts.DownstreamCalls;
            foreach (var callee in facts.Callees)
            {
                pending.Enqueue(callee);
            }
        }

        return new ReachedCode(spans, awaits, downstream);
    }

    private MethodFacts Collect(IOperation root, CancellationToken cancellationToken)
    {
        var awaits = false;
        var downstream = 0;
        var callees = new List<IMethodSymbol>();
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            switch (operation)
            {
                case IAwaitOperation:
                    awaits = true;
                    break;
                case IForEachLoopOperation { IsAsynchronous: true }:
                case IUsingOperation { IsAsynchronous: true }:
                case IUsingDeclarationOperation { IsAsynchronous: true }:
                    awaits = true;
                    break;
                case IInvocationOperation invocation when DownstreamCalls.IsDownstream(invocation.TargetMethod):
                    downstream++;
                    break;
            }

            if (operation is IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation
                && _advisor.Calls.ResolveTarget(operation, cancellationToken) is { } target)
            {
                callees.Add(target);
            }

            foreach (var child in operation.ChildOperations)
            {
                // Lambdas may run later or elsewhere; local functions are followed when they are invoked.
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                stack.Push(child);
            }
        }

        return new MethodFacts(awaits, downstream, callees);
    }

    private sealed record MethodFacts(bool Awaits, int DownstreamCalls, IReadOnlyList<IMethodSymbol> Callees)
    {
        public static readonly MethodFacts Empty = new(false, 0, Array.Empty<IMethodSymbol>());
    }
}

/// <summary>The outbound calls DESIGN.md calls downstream: HTTP, gRPC client, database, sockets, [Downstream].</summary>
internal static class DownstreamCalls
{
    public static bool IsDownstream(IMethodSymbol method)
    {
        if (method.ReducedFrom is { } reduced)
        {
            method = reduced;
        }

        if (method.GetAttributes().Any(a => a.AttributeClass?.Name == "DownstreamAttribute"))
        {
            return true;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        var name = method.Name;
        for (var current = type; current is not null; current = current.BaseType)
        {
            var ns = current.ContainingNamespace?.ToDisplayString();
            switch (ns, current.Name)
            {
                case ("System.Net.Http", "HttpMessageInvoker"):
                case ("System.Net.Http", "HttpClient"):
                    return name.StartsWith("Send", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal)
                        || name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Put", StringComparison.Ordinal)
                        || name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Patch", StringComparison.Ordinal);
                case ("System.Net.Http.Json", "HttpClientJsonExtensions"):
                    return true;
                case ("System.Data.Common", "DbCommand"):
                    return name.StartsWith("Execute", StringComparison.Ordinal);
                case ("System.Data.Common", "DbConnection"):
                    return name.StartsWith("Open", StringComparison.Ordinal);
                case ("Grpc.Core", "ClientBase"):
                    return !ReferenceEquals(current, type) && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic;
                case ("System.Net.Sockets", "Socket"):
                case ("System.Net.Sockets", "TcpClient"):
                    return name.StartsWith("Connect", StringComparison.Ordinal);
            }
        }

        return false;
    }
}
