using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>A call from one method of the compilation to another whose body is known.</summary>
internal readonly struct CallSite
{
    public CallSite(IMethodSymbol target, IOperation operation)
    {
        Target = target;
        Operation = operation;
    }

    /// <summary>The method that certainly runs (normalized: original definition, virtual calls resolved).</summary>
    public IMethodSymbol Target { get; }

    /// <summary>The invocation, object creation or property reference that makes the call.</summary>
    public IOperation Operation { get; }
}

/// <summary>
/// Calls between methods of this compilation, computed per method on first use and shared by every summary.
/// Code inside lambdas is not part of a method's calls: a lambda may run later, elsewhere or never (Task.Run,
/// Offload, event handlers, LINQ), so following it would trade precision for recall. Local functions are followed
/// when they are invoked.
/// </summary>
internal sealed class CallGraph
{
    private readonly AdvisorContext _context;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<CallSite>> _calls = new(SymbolEqualityComparer.Default);
    private ImplementationIndex? _implementations;

    public CallGraph(AdvisorContext context) => _context = context;

    public ImmutableArray<CallSite> GetCalls(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = MethodBodies.Normalize(method);
        if (_calls.TryGetValue(method, out var cached))
        {
            return cached;
        }

        var body = _context.Bodies.Get(method, cancellationToken);
        var calls = body is null ? ImmutableArray<CallSite>.Empty : Collect(body, cancellationToken);
        return _calls.GetOrAdd(method, calls);
    }

    /// <summary>The source method a call operation certainly runs, or null (metadata, unresolved virtual, delegate).</summary>
    public IMethodSymbol? ResolveTarget(IOperation operation, CancellationToken cancellationToken)
    {
        IMethodSymbol? target = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => IsWrite(property) ? property.Property.SetMethod : property.Property.GetMethod,
            _ => null,
        };

        if (target is null)
        {
            return null;
        }

        target = MethodBodies.Normalize(target);
        if (!_context.Bodies.IsInSource(target))
        {
            return null;
        }

        if (target.MethodKind == MethodKind.LocalFunction || operation is IObjectCreationOperation)
        {
            return target;
        }

        if (operation is IInvocationOperation { IsVirtual: false })
        {
            // Non-virtual dispatch, including base.M(): the named method runs.
            return target.IsAbstract ? null : target;
        }

        var implementations = _implementations ?? _context.GetSummary(
            typeof(ImplementationIndex),
            static (context, token) => ImplementationIndex.Build(context.Compilation, token),
            cancellationToken);
        _implementations = implementations;
        return implementations.Resolve(target);
    }

    private ImmutableArray<CallSite> Collect(IOperation body, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<CallSite>();
        foreach (var operation in TaskCompletion.EnumerateFunctionOperations(body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation
                && ResolveTarget(operation, cancellationToken) is { } target)
            {
                builder.Add(new CallSite(target, operation));
            }
        }

        // Enumeration order is a stack walk; report chains in source order so messages are stable.
        builder.Sort(static (left, right) => left.Operation.Syntax.SpanStart.CompareTo(right.Operation.Syntax.SpanStart));
        return builder.ToImmutable();
    }

    private static bool IsWrite(IPropertyReferenceOperation property)
        => property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property;
}
