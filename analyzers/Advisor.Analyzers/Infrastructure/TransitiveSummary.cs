using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>What a method does itself that a summary looks for: a blocking call, a CPU-heavy loop, ...</summary>
internal sealed class DirectFinding
{
    public DirectFinding(string description, Location location, string? reason = null)
    {
        Description = description;
        Location = location;
        Reason = reason;
    }

    /// <summary>Short name of the culprit, ending the chain: <c>File.ReadAllText</c>, <c>nested loops</c>.</summary>
    public string Description { get; }

    public Location Location { get; }

    /// <summary>Optional explanation, e.g. "nested loops over width x height with arithmetic".</summary>
    public string? Reason { get; }
}

/// <summary>
/// How a method reaches a finding: the methods called on the way (the first is the method asked about) and the
/// finding at the end. <see cref="ToString"/> gives <c>LoadReport -> ReadTemplate -> File.ReadAllText</c>.
/// Chains share their tails: <see cref="Prepend"/> is O(1), so summarizing a compilation costs time linear in its call
/// graph however deep its chains are; the arrays are built only when a diagnostic asks for them.
/// </summary>
internal sealed class CallChain
{
    private readonly IMethodSymbol? _head;
    private readonly Location? _headCallSite;
    private readonly CallChain? _tail;
    private ImmutableArray<IMethodSymbol> _methods;
    private ImmutableArray<Location> _callSites;

    public CallChain(ImmutableArray<IMethodSymbol> methods, ImmutableArray<Location> callSites, DirectFinding finding)
    {
        _methods = methods;
        _callSites = callSites;
        Finding = finding;
    }

    private CallChain(IMethodSymbol head, Location headCallSite, CallChain tail)
    {
        _head = head;
        _headCallSite = headCallSite;
        _tail = tail;
        Finding = tail.Finding;
    }

    /// <summary>The methods along the chain; <c>Methods[0]</c> is the method the question was asked about.</summary>
    public ImmutableArray<IMethodSymbol> Methods
    {
        get
        {
            if (_methods.IsDefault)
            {
                Materialize();
            }

            return _methods;
        }
    }

    /// <summary>Where <c>Methods[i]</c> calls <c>Methods[i + 1]</c>.</summary>
    public ImmutableArray<Location> CallSites
    {
        get
        {
            if (_callSites.IsDefault)
            {
                Materialize();
            }

            return _callSites;
        }
    }

    public DirectFinding Finding { get; }

    /// <summary>Every location along the chain (calls, then the finding), for a diagnostic's additional locations.</summary>
    public ImmutableArray<Location> AllLocations => CallSites.Add(Finding.Location);

    public CallChain Prepend(IMethodSymbol method, Location callSite) => new(method, callSite, this);

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var method in Methods)
        {
            builder.Append(method.MethodKind switch
            {
                MethodKind.Constructor => "new " + method.ContainingType.Name,
                MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
                _ => method.Name,
            });
            builder.Append(" -> ");
        }

        builder.Append(Finding.Description);
        return builder.ToString();
    }

    // Walks the shared tail once; concurrent callers compute equal arrays, so the race is benign.
    private void Materialize()
    {
        var methods = ImmutableArray.CreateBuilder<IMethodSymbol>();
        var callSites = ImmutableArray.CreateBuilder<Location>();
        var current = this;
        while (current._head is not null)
        {
            methods.Add(current._head);
            callSites.Add(current._headCallSite!);
            current = current._tail!;
        }

        methods.AddRange(current._methods);
        callSites.AddRange(current._callSites);
        _callSites = callSites.ToImmutable();
        _methods = methods.ToImmutable();
    }
}

/// <summary>
/// A whole-compilation, transitive property of methods ("blocks", "computes heavily"), computed on demand and
/// memoized: a method has the property when it has a direct finding or calls (through <see cref="CallGraph"/>) a
/// method that has it, at any depth. Recursion and cycles are handled by strongly connected components (Tarjan), so
/// every method is visited once and the answer does not depend on which thread or call site asked first. Methods
/// never reached from analyzed code are never bound.
/// </summary>
internal sealed class TransitiveSummary
{
    private static readonly CallChain s_none = new(ImmutableArray<IMethodSymbol>.Empty, ImmutableArray<Location>.Empty, new DirectFinding(string.Empty, Location.None));

    private readonly AdvisorContext _context;
    private readonly Func<IMethodSymbol, IOperation, CancellationToken, DirectFinding?> _findDirect;
    private readonly Func<IMethodSymbol, bool> _shouldFollow;
    private readonly ConcurrentDictionary<IMethodSymbol, CallChain> _results = new(SymbolEqualityComparer.Default);
    private readonly object _gate = new();

    /// <param name="context">The compilation's context.</param>
    /// <param name="findDirect">Inspects one method body (not following calls) for the property itself.</param>
    /// <param name="shouldFollow">Whether calls into this method count (e.g. synchronous methods only).</param>
    public TransitiveSummary(AdvisorContext context, Func<IMethodSymbol, IOperation, CancellationToken, DirectFinding?> findDirect, Func<IMethodSymbol, bool> shouldFollow)
    {
        _context = context;
        _findDirect = findDirect;
        _shouldFollow = shouldFollow;
    }

    /// <summary>The chain by which <paramref name="method"/> reaches a finding, or null when it does not.</summary>
    public CallChain? Get(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = MethodBodies.Normalize(method);
        if (!_shouldFollow(method) || !_context.Bodies.IsInSource(method))
        {
            return null;
        }

        if (!_results.TryGetValue(method, out var result))
        {
            lock (_gate)
            {
                if (!_results.TryGetValue(method, out result))
                {
                    Compute(method, cancellationToken);
                    result = _results[method];
                }
            }
        }

        return ReferenceEquals(result, s_none) ? null : result;
    }

    // Iterative Tarjan over the methods reachable from root that are not summarized yet.
    private void Compute(IMethodSymbol root, CancellationToken cancellationToken)
    {
        var index = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var lowLink = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var onStack = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var sccStack = new Stack<IMethodSymbol>();
        var work = new Stack<(IMethodSymbol Method, ImmutableArray<CallSite> Calls, int Next)>();
        var direct = new Dictionary<IMethodSymbol, DirectFinding?>(SymbolEqualityComparer.Default);
        var counter = 0;

        void Push(IMethodSymbol method)
        {
            index[method] = lowLink[method] = counter++;
            sccStack.Push(method);
            onStack.Add(method);
            var body = _context.Bodies.Get(method, cancellationToken);
            direct[method] = body is null ? null : _findDirect(method, body, cancellationToken);
            var calls = body is null ? ImmutableArray<CallSite>.Empty : _context.Calls.GetCalls(method, cancellationToken);
            work.Push((method, calls, 0));
        }

        Push(root);
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (method, calls, next) = work.Pop();
            if (next < calls.Length)
            {
                work.Push((method, calls, next + 1));
                var target = calls[next].Target;
                if (!_shouldFollow(target) || _results.ContainsKey(target))
                {
                    continue;
                }

                if (!index.ContainsKey(target))
                {
                    Push(target);
                }
                else if (onStack.Contains(target))
                {
                    lowLink[method] = Math.Min(lowLink[method], index[target]);
                }

                continue;
            }

            // All calls of `method` visited: propagate its low link to the caller, close its component if it is a root.
            if (work.Count > 0)
            {
                var caller = work.Peek().Method;
                lowLink[caller] = Math.Min(lowLink[caller], lowLink[method]);
            }

            if (lowLink[method] == index[method])
            {
                var component = new List<IMethodSymbol>();
                IMethodSymbol member;
                do
                {
                    member = sccStack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (!SymbolEqualityComparer.Default.Equals(member, method));

                Resolve(component, direct, cancellationToken);
            }
        }
    }

    // Members with a direct finding end their own chain. The others reach a finding through a call: to a finished
    // method outside the component (the first such call in source order), or to a member that already has a chain.
    // A breadth-first walk over the component's reversed calls gives every member its nearest way out, visiting each
    // call once, so a component costs time linear in its calls (no relaxation rounds).
    private void Resolve(List<IMethodSymbol> component, Dictionary<IMethodSymbol, DirectFinding?> direct, CancellationToken cancellationToken)
    {
        var local = new Dictionary<IMethodSymbol, CallChain>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        var members = new HashSet<IMethodSymbol>(component, SymbolEqualityComparer.Default);
        var callers = new Dictionary<IMethodSymbol, List<(IMethodSymbol Caller, CallSite Call)>>(SymbolEqualityComparer.Default);

        foreach (var member in component)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (direct[member] is { } finding)
            {
                local[member] = new CallChain(ImmutableArray.Create(member), ImmutableArray<Location>.Empty, finding);
            }

            foreach (var call in _context.Calls.GetCalls(member, cancellationToken))
            {
                if (!_shouldFollow(call.Target))
                {
                    continue;
                }

                if (members.Contains(call.Target))
                {
                    if (!callers.TryGetValue(call.Target, out var list))
                    {
                        callers[call.Target] = list = new List<(IMethodSymbol, CallSite)>();
                    }

                    list.Add((member, call));
                }
                else if (!local.ContainsKey(member)
                         && _results.TryGetValue(call.Target, out var finished) && !ReferenceEquals(finished, s_none))
                {
                    local[member] = finished.Prepend(member, call.Operation.Syntax.GetLocation());
                }
            }

            if (local.ContainsKey(member))
            {
                queue.Enqueue(member);
            }
        }

        while (queue.Count > 0)
        {
            var reached = queue.Dequeue();
            if (!callers.TryGetValue(reached, out var list))
            {
                continue;
            }

            foreach (var (caller, call) in list)
            {
                if (!local.ContainsKey(caller))
                {
                    local[caller] = local[reached].Prepend(caller, call.Operation.Syntax.GetLocation());
                    queue.Enqueue(caller);
                }
            }
        }

        foreach (var member in component)
        {
            _results[member] = local.TryGetValue(member, out var chain) ? chain : s_none;
        }
    }
}
