using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Everything Advisor knows about one compilation, shared by all of its analyzers: resolved symbols,
/// type classifications and whole-compilation summaries. Held in a weak table keyed by the compilation,
/// so it never keeps a compilation alive and is computed at most once per compilation.
/// </summary>
internal sealed class AdvisorContext
{
    private static readonly ConditionalWeakTable<Compilation, AdvisorContext> s_contexts = new();
    private static readonly ConditionalWeakTable<Compilation, AdvisorContext>.CreateValueCallback s_create = c => new AdvisorContext(c);

    private readonly ConcurrentDictionary<ITypeSymbol, bool> _awaitableTypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<object, object> _summaries = new();

    // Keyed weakly by the options provider: the configured entry points are read from every tree's options once per
    // analysis, not once per operation block (which made the request-path rules quadratic in the number of files).
    private readonly ConditionalWeakTable<Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider, StrongBox<System.Collections.Immutable.ImmutableArray<string>>> _configuredEntries = new();

    private AdvisorContext(Compilation compilation)
    {
        Compilation = compilation;
        Symbols = new KnownSymbols(compilation);
        Options = new OptionsCache();
        Bodies = new MethodBodies(compilation);
        Calls = new CallGraph(this);
    }

    public Compilation Compilation { get; }

    public KnownSymbols Symbols { get; }

    /// <summary>Parsed <c>.editorconfig</c> values, cached by their raw text.</summary>
    public OptionsCache Options { get; }

    /// <summary>Bodies of source methods, bound once per compilation for summaries that follow calls.</summary>
    public MethodBodies Bodies { get; }

    /// <summary>Calls between source methods, computed per method on first use.</summary>
    public CallGraph Calls { get; }

    public static AdvisorContext For(Compilation compilation) => s_contexts.GetValue(compilation, s_create);

    /// <summary>The request-path model (entry points and the methods they reach), computed once per compilation and configuration.</summary>
    public RequestPath GetRequestPath(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions? options, CancellationToken cancellationToken)
        => RequestPath.For(this, options, cancellationToken);

    /// <summary>
    /// The request-path entry points configured in <c>.editorconfig</c> (global and per-file values), read once per
    /// options provider and shared by every analyzer and callback of one analysis.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string> GetConfiguredEntryPoints(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options)
        => _configuredEntries.GetValue(
            options.AnalyzerConfigOptionsProvider,
            _ => new StrongBox<System.Collections.Immutable.ImmutableArray<string>>(RequestPath.ReadConfiguredEntries(Compilation, options))).Value;

    /// <summary>True when <paramref name="type"/> can be awaited: the task types, or any type with a GetAwaiter pattern.</summary>
    public bool IsAwaitable(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Error or TypeKind.Pointer or TypeKind.Array)
        {
            return false;
        }

        if (type is INamedTypeSymbol named)
        {
            var original = named.OriginalDefinition;
            if (Is(original, Symbols.Task) || Is(original, Symbols.TaskOfT) || Is(original, Symbols.ValueTask) || Is(original, Symbols.ValueTaskOfT))
            {
                return true;
            }
        }

        return _awaitableTypes.GetOrAdd(type, static t => HasAwaiterPattern(t));
    }

    /// <summary>
    /// True for an async context as DESIGN.md defines it: an <c>async</c> function, or one that returns an
    /// awaitable or an async stream.
    /// </summary>
    public bool IsAsyncContext(IMethodSymbol? function)
    {
        if (function is null)
        {
            return false;
        }

        if (function.IsAsync)
        {
            return true;
        }

        if (function.ReturnsVoid)
        {
            return false;
        }

        return IsAwaitable(function.ReturnType) || IsAsyncEnumerable(function.ReturnType);
    }

    public bool IsAsyncEnumerable(ITypeSymbol type)
        => type is INamedTypeSymbol named
           && (Is(named.OriginalDefinition, Symbols.IAsyncEnumerableOfT) || Is(named.OriginalDefinition, Symbols.IAsyncEnumeratorOfT));

    /// <summary>True for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var original = named.OriginalDefinition;
        return Is(original, Symbols.Task) || Is(original, Symbols.TaskOfT) || Is(original, Symbols.ValueTask) || Is(original, Symbols.ValueTaskOfT);
    }

    /// <summary>
    /// A whole-compilation summary computed once and shared by every analyzer that asks for it with the same key.
    /// A computation cancelled by one caller is not cached; the next caller computes it again.
    /// </summary>
    public T GetSummary<T>(object key, Func<AdvisorContext, CancellationToken, T> compute, CancellationToken cancellationToken)
        where T : class
    {
        var slot = (SummarySlot<T>)_summaries.GetOrAdd(key, static _ => new SummarySlot<T>());
        return slot.Get(this, compute, cancellationToken);
    }

    private static bool Is(ITypeSymbol? left, ITypeSymbol? right)
        => right is not null && SymbolEqualityComparer.Default.Equals(left, right);

    private static bool HasAwaiterPattern(ITypeSymbol type)
    {
        foreach (var member in type.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, ReturnsVoid: false } getAwaiter)
            {
                var awaiter = getAwaiter.ReturnType;
                var hasIsCompleted = false;
                var hasGetResult = false;
                foreach (var awaiterMember in awaiter.GetMembers())
                {
                    if (awaiterMember is IPropertySymbol { Name: "IsCompleted" } p && p.Type.SpecialType == SpecialType.System_Boolean)
                    {
                        hasIsCompleted = true;
                    }
                    else if (awaiterMember is IMethodSymbol { Name: "GetResult", Parameters.Length: 0 })
                    {
                        hasGetResult = true;
                    }
                }

                if (hasIsCompleted && hasGetResult)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class SummarySlot<T>
        where T : class
    {
        private readonly object _gate = new();
        private T? _value;

        public T Get(AdvisorContext context, Func<AdvisorContext, CancellationToken, T> compute, CancellationToken cancellationToken)
        {
            var value = Volatile.Read(ref _value);
            if (value is not null)
            {
                return value;
            }

            lock (_gate)
            {
                value = _value;
                if (value is null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    value = compute(context, cancellationToken);
                    Volatile.Write(ref _value, value);
                }

                return value;
            }
        }
    }
}
