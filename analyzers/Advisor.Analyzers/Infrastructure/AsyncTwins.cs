using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// How a synchronous call is rewritten into its async twin. Travels from the analyzers to the code fixes in the
/// diagnostic's properties (<see cref="AsyncTwins.KindProperty"/>), so both agree on the shape of the rewrite.
/// </summary>
internal enum AsyncTwinKind
{
    /// <summary>Same receiver (or type), same arguments, name + Async: <c>s.Read(b, 0, n)</c> → <c>await s.ReadAsync(b, 0, n)</c>.</summary>
    Rename,

    /// <summary>
    /// Span buffers become Memory buffers: <c>s.Read(span)</c> → <c>await s.ReadAsync(memory)</c>. Rewritable when the
    /// buffer is an array (it converts to both) or <c>x.AsSpan(...)</c> (becomes <c>x.AsMemory(...)</c>).
    /// </summary>
    SpanToMemory,

    /// <summary><c>Thread.Sleep(n)</c> → <c>await Task.Delay(n)</c>.</summary>
    Delay,

    /// <summary>
    /// An extension method of another static class, e.g. EF Core's <c>ToListAsync</c> for <c>Enumerable.ToList</c> on a
    /// query: rename, and import the twin's namespace.
    /// </summary>
    Extension,

    /// <summary>A property getter with a method twin: <c>x.Value</c> → <c>await x.ValueAsync()</c> or <c>await x.GetValueAsync()</c>.</summary>
    PropertyGetter,
}

/// <summary>Whether the twin takes a trailing <see cref="System.Threading.CancellationToken"/>.</summary>
internal enum AsyncTwinToken
{
    /// <summary>No overload of the twin takes a token.</summary>
    None,

    /// <summary>A token can be passed, or left out (optional parameter or an overload without it).</summary>
    Optional,

    /// <summary>The only matching overload requires a token.</summary>
    Required,
}

/// <summary>The async counterpart of a synchronous method or property.</summary>
internal sealed class AsyncTwin
{
    public AsyncTwin(IMethodSymbol method, AsyncTwinKind kind, AsyncTwinToken token)
    {
        Method = method;
        Kind = kind;
        Token = token;
    }

    /// <summary>The twin; when overloads with and without a trailing token exist, the one that takes the token.</summary>
    public IMethodSymbol Method { get; }

    public AsyncTwinKind Kind { get; }

    public AsyncTwinToken Token { get; }

    /// <summary>How messages name the twin: <c>ReadAsync</c>, <c>Task.Delay</c>.</summary>
    public string DisplayName => Kind == AsyncTwinKind.Delay ? "Task.Delay" : Method.Name;
}

/// <summary>
/// Answers "does this synchronous method or property have an async counterpart?" by signature, once per symbol
/// per compilation (negative answers are cached too). A twin is:
/// <list type="bullet">
/// <item>a method named <c>XxxAsync</c> on the same type or a base type (static for static, instance for instance),
/// or, for a synchronous extension method, in the same static class;</item>
/// <item>an extension method <c>XxxAsync</c> shipped next to the receiver's type (a static class of the same
/// namespace and assembly), or EF Core's <c>EntityFrameworkQueryableExtensions</c> for the LINQ operators;</item>
/// <item>with the same parameters in the same order (same types and ref kinds; <c>Span</c>/<c>ReadOnlySpan</c> may
/// become <c>Memory</c>/<c>ReadOnlyMemory</c>), optionally followed by one <c>CancellationToken</c>;</item>
/// <item>returning an awaitable of the synchronous return type (any awaitable for <c>void</c>);</item>
/// <item>not <c>[Obsolete]</c>, and not less accessible than the synchronous member.</item>
/// </list>
/// Where the names differ, a short map covers the BCL: <c>Thread.Sleep</c> → <c>Task.Delay</c>.
/// A property <c>P</c> has a twin when its type has a parameterless <c>PAsync()</c> or <c>GetPAsync()</c>.
/// Whether the twin is usable at a call site (accessibility from there, in-memory receivers, exclusions) is the
/// rule's business, not this cache's.
/// </summary>
internal sealed class AsyncTwins
{
    /// <summary>Diagnostic property: the <see cref="AsyncTwinKind"/> name.</summary>
    public const string KindProperty = "TwinKind";

    /// <summary>Diagnostic property: the twin's method name.</summary>
    public const string NameProperty = "TwinName";

    /// <summary>Diagnostic property: the <see cref="AsyncTwinToken"/> name.</summary>
    public const string TokenProperty = "TwinToken";

    /// <summary>Diagnostic property: the twin's namespace, for <see cref="AsyncTwinKind.Extension"/>.</summary>
    public const string NamespaceProperty = "TwinNamespace";

    private const string AsyncSuffix = "Async";

    private static readonly object s_key = new();

    private readonly AdvisorContext _advisor;
    private readonly ConcurrentDictionary<ISymbol, AsyncTwin?> _twins = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamespaceSymbol, Dictionary<string, List<IMethodSymbol>>> _extensionsByNamespace = new(SymbolEqualityComparer.Default);
    private readonly Func<ISymbol, AsyncTwin?> _find;

    private AsyncTwins(AdvisorContext advisor)
    {
        _advisor = advisor;
        _find = Find;
    }

    /// <summary>The compilation's shared instance.</summary>
    public static AsyncTwins For(AdvisorContext advisor)
        => advisor.GetSummary(s_key, static (a, _) => new AsyncTwins(a), CancellationToken.None);

    /// <summary>The async twin of <paramref name="method"/> (an ordinary method, possibly a reduced extension call).</summary>
    public bool TryGetTwin(IMethodSymbol method, out AsyncTwin twin)
    {
        var normalized = (method.ReducedFrom ?? method).OriginalDefinition;
        if (normalized.MethodKind != MethodKind.Ordinary || normalized.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
        {
            twin = null!;
            return false;
        }

        twin = _twins.GetOrAdd(normalized, _find)!;
        return twin is not null;
    }

    /// <summary>The async twin of reading <paramref name="property"/>.</summary>
    public bool TryGetTwin(IPropertySymbol property, out AsyncTwin twin)
    {
        var normalized = property.OriginalDefinition;
        if (normalized.IsIndexer || normalized.GetMethod is null)
        {
            twin = null!;
            return false;
        }

        twin = _twins.GetOrAdd(normalized, _find)!;
        return twin is not null;
    }

    /// <summary>The diagnostic properties that describe <paramref name="twin"/> to a code fix.</summary>
    public static ImmutableDictionary<string, string?> ToProperties(AsyncTwin twin)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder.Add(KindProperty, twin.Kind.ToString());
        builder.Add(NameProperty, twin.Method.Name);
        builder.Add(TokenProperty, twin.Token.ToString());
        if (twin.Kind == AsyncTwinKind.Extension)
        {
            builder.Add(NamespaceProperty, twin.Method.ContainingNamespace?.ToDisplayString() ?? string.Empty);
        }

        return builder.ToImmutable();
    }

    private AsyncTwin? Find(ISymbol symbol)
        => symbol switch
        {
            IMethodSymbol method => FindForMethod(method),
            IPropertySymbol property => FindForProperty(property),
            _ => null,
        };

    private AsyncTwin? FindForMethod(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null || IsTaskMachinery(type))
        {
            // Task.Wait / awaiters are ADV2001's business.
            return null;
        }

        var symbols = _advisor.Symbols;
        if (method.IsStatic && method.Name == "Sleep" && Same(type, symbols.Thread) && symbols.Task is { } task)
        {
            return Best(method, task.GetMembers("Delay"), AsyncTwinKind.Delay, receiverOffset: 0, relaxQueryable: false, requireStatic: true);
        }

        var name = method.Name + AsyncSuffix;
        if (method.IsExtensionMethod)
        {
            var sameClass = Best(method, type.GetMembers(name), AsyncTwinKind.Rename, receiverOffset: 0, relaxQueryable: false, requireStatic: true);
            if (sameClass is not null)
            {
                return sameClass;
            }

            if ((Same(type, symbols.Enumerable) || Same(type, symbols.Queryable)) && symbols.EfQueryableExtensions is { } ef)
            {
                return Best(method, ef.GetMembers(name), AsyncTwinKind.Extension, receiverOffset: 0, relaxQueryable: true, requireStatic: true);
            }

            return null;
        }

        if (method.IsStatic)
        {
            return Best(method, type.GetMembers(name), AsyncTwinKind.Rename, receiverOffset: 0, relaxQueryable: false, requireStatic: true);
        }

        foreach (var candidateType in SelfAndBaseTypes(type))
        {
            var found = Best(method, candidateType.GetMembers(name), AsyncTwinKind.Rename, receiverOffset: 0, relaxQueryable: false, requireStatic: false);
            if (found is not null)
            {
                return found;
            }
        }

        // An extension method shipped next to the type: `static Task<T> GetAsync(this Client c, ...)`.
        if (type.ContainingNamespace is { } ns
            && GetExtensions(ns).TryGetValue(name, out var extensions))
        {
            return Best(method, extensions, AsyncTwinKind.Extension, receiverOffset: 1, relaxQueryable: false, requireStatic: true);
        }

        return null;
    }

    private AsyncTwin? FindForProperty(IPropertySymbol property)
    {
        var type = property.ContainingType;
        if (type is null || IsTaskMachinery(type) || property.Name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var names = new[] { property.Name + AsyncSuffix, "Get" + property.Name + AsyncSuffix };
        foreach (var candidateType in property.IsStatic ? new[] { type } : SelfAndBaseTypes(type))
        {
            foreach (var name in names)
            {
                foreach (var member in candidateType.GetMembers(name))
                {
                    if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, Arity: 0 } candidate
                        || candidate.IsStatic != property.IsStatic
                        || IsObsolete(candidate)
                        || candidate.DeclaredAccessibility < property.GetMethod!.DeclaredAccessibility)
                    {
                        continue;
                    }

                    var hasToken = candidate.Parameters.Length == 1 && IsCancellationToken(candidate.Parameters[0].Type);
                    if ((candidate.Parameters.Length != 0 && !hasToken) || !ReturnMatches(property.Type, candidate.ReturnType))
                    {
                        continue;
                    }

                    var token = !hasToken ? AsyncTwinToken.None : candidate.Parameters[0].IsOptional ? AsyncTwinToken.Optional : AsyncTwinToken.Required;
                    return new AsyncTwin(candidate, AsyncTwinKind.PropertyGetter, token);
                }
            }
        }

        return null;
    }

    /// <summary>The best matching candidate: prefers one that takes a trailing token, and remembers whether it may be left out.</summary>
    private AsyncTwin? Best(IMethodSymbol sync, IEnumerable<ISymbol> candidates, AsyncTwinKind kind, int receiverOffset, bool relaxQueryable, bool requireStatic)
    {
        IMethodSymbol? plain = null;
        IMethodSymbol? withToken = null;
        var usedSpan = false;
        foreach (var member in candidates)
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } candidate
                || candidate.IsStatic != (requireStatic || sync.IsStatic)
                || candidate.Arity != sync.Arity
                || IsObsolete(candidate)
                || candidate.DeclaredAccessibility < sync.DeclaredAccessibility)
            {
                continue;
            }

            if (!TryMatchParameters(sync, candidate, receiverOffset, relaxQueryable, out var trailingToken, out var span)
                || !ReturnMatches(sync, candidate))
            {
                continue;
            }

            if (trailingToken)
            {
                withToken ??= candidate;
            }
            else
            {
                plain ??= candidate;
            }

            usedSpan |= span;
        }

        // `Find(params object[] keys)` vs `FindAsync(object[] keys, CancellationToken)`: the token overload loses
        // `params`, so passing a token would bind to the wrong overload. Keep the plain one.
        if (withToken is not null && sync.Parameters.Length > 0 && sync.Parameters[sync.Parameters.Length - 1].IsParams && plain is not null)
        {
            withToken = null;
        }

        var chosen = withToken ?? plain;
        if (chosen is null)
        {
            return null;
        }

        var token = withToken is null
            ? AsyncTwinToken.None
            : plain is not null || withToken.Parameters[withToken.Parameters.Length - 1].IsOptional ? AsyncTwinToken.Optional : AsyncTwinToken.Required;
        return new AsyncTwin(chosen, usedSpan && kind == AsyncTwinKind.Rename ? AsyncTwinKind.SpanToMemory : kind, token);
    }

    private bool TryMatchParameters(IMethodSymbol sync, IMethodSymbol candidate, int receiverOffset, bool relaxQueryable, out bool trailingToken, out bool usedSpan)
    {
        trailingToken = false;
        usedSpan = false;
        var syncParameters = sync.Parameters;
        var candidateParameters = candidate.Parameters;
        var expected = syncParameters.Length + receiverOffset;
        if (candidateParameters.Length == expected + 1 && IsCancellationToken(candidateParameters[expected].Type))
        {
            trailingToken = true;
        }
        else if (candidateParameters.Length != expected)
        {
            return false;
        }

        if (receiverOffset == 1)
        {
            // Instance method → extension method: the `this` parameter must accept the receiver's type.
            if (!candidate.IsExtensionMethod || !Accepts(candidateParameters[0].Type, sync.ContainingType))
            {
                return false;
            }
        }

        for (var i = 0; i < syncParameters.Length; i++)
        {
            var syncParameter = syncParameters[i];
            var candidateParameter = candidateParameters[i + receiverOffset];
            if (syncParameter.RefKind != candidateParameter.RefKind || syncParameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                return false;
            }

            if (SameType(syncParameter.Type, candidateParameter.Type))
            {
                continue;
            }

            if (IsSpanToMemory(syncParameter.Type, candidateParameter.Type))
            {
                usedSpan = true;
                continue;
            }

            // EF Core: Enumerable.ToList(this IEnumerable<T>) ↔ ToListAsync(this IQueryable<T>).
            if (relaxQueryable && i == 0 && IsEnumerableToQueryable(syncParameter.Type, candidateParameter.Type))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private bool ReturnMatches(IMethodSymbol sync, IMethodSymbol candidate)
        => sync.ReturnsVoid
            ? _advisor.IsAwaitable(candidate.ReturnType)
            : !sync.ReturnsByRef && !sync.ReturnsByRefReadonly && ReturnMatches(sync.ReturnType, candidate.ReturnType);

    /// <summary>True when awaiting <paramref name="candidateReturn"/> produces <paramref name="syncReturn"/>.</summary>
    private bool ReturnMatches(ITypeSymbol syncReturn, ITypeSymbol candidateReturn)
    {
        if (candidateReturn is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && (Same(named.OriginalDefinition, _advisor.Symbols.TaskOfT) || Same(named.OriginalDefinition, _advisor.Symbols.ValueTaskOfT)))
        {
            return SameType(syncReturn, named.TypeArguments[0]);
        }

        if (_advisor.IsTaskLike(candidateReturn) || !_advisor.IsAwaitable(candidateReturn))
        {
            return false;
        }

        // A custom awaitable: what its awaiter's GetResult returns.
        foreach (var member in candidateReturn.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0 } getAwaiter)
            {
                foreach (var result in getAwaiter.ReturnType.GetMembers("GetResult"))
                {
                    if (result is IMethodSymbol { Parameters.Length: 0, ReturnsVoid: false } getResult && SameType(syncReturn, getResult.ReturnType))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Type equality where method type parameters match by position (<c>T Get&lt;T&gt;()</c> ↔ <c>Task&lt;T&gt; GetAsync&lt;T&gt;()</c>).</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right)
    {
        switch (left)
        {
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } leftParameter:
                return right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } rightParameter && leftParameter.Ordinal == rightParameter.Ordinal;
            case IArrayTypeSymbol leftArray:
                return right is IArrayTypeSymbol rightArray && leftArray.Rank == rightArray.Rank && SameType(leftArray.ElementType, rightArray.ElementType);
            case INamedTypeSymbol { IsGenericType: true } leftNamed:
                if (right is not INamedTypeSymbol { IsGenericType: true } rightNamed
                    || !SymbolEqualityComparer.Default.Equals(leftNamed.OriginalDefinition, rightNamed.OriginalDefinition))
                {
                    return false;
                }

                var leftArguments = leftNamed.TypeArguments;
                var rightArguments = rightNamed.TypeArguments;
                for (var i = 0; i < leftArguments.Length; i++)
                {
                    if (!SameType(leftArguments[i], rightArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return SymbolEqualityComparer.Default.Equals(left, right);
        }
    }

    private bool IsSpanToMemory(ITypeSymbol sync, ITypeSymbol candidate)
    {
        if (sync is not INamedTypeSymbol { IsGenericType: true } syncNamed || candidate is not INamedTypeSymbol { IsGenericType: true } candidateNamed)
        {
            return false;
        }

        var symbols = _advisor.Symbols;
        var pairs = (Same(syncNamed.OriginalDefinition, symbols.SpanOfT) && Same(candidateNamed.OriginalDefinition, symbols.MemoryOfT))
                    || (Same(syncNamed.OriginalDefinition, symbols.ReadOnlySpanOfT) && Same(candidateNamed.OriginalDefinition, symbols.ReadOnlyMemoryOfT));
        return pairs && SameType(syncNamed.TypeArguments[0], candidateNamed.TypeArguments[0]);
    }

    private bool IsEnumerableToQueryable(ITypeSymbol sync, ITypeSymbol candidate)
        => sync is INamedTypeSymbol { IsGenericType: true } syncNamed
           && candidate is INamedTypeSymbol { IsGenericType: true } candidateNamed
           && syncNamed.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
           && Same(candidateNamed.OriginalDefinition, _advisor.Symbols.IQueryableOfT)
           && SameType(syncNamed.TypeArguments[0], candidateNamed.TypeArguments[0]);

    /// <summary>True when a value of <paramref name="type"/> converts to <paramref name="parameterType"/> by identity or reference conversion.</summary>
    private static bool Accepts(ITypeSymbol parameterType, INamedTypeSymbol type)
    {
        if (parameterType is ITypeParameterSymbol)
        {
            return false;
        }

        foreach (var candidate in SelfAndBaseTypes(type))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, parameterType))
            {
                return true;
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface, parameterType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Extension methods named <c>*Async</c> declared by static classes of <paramref name="ns"/> (one assembly's view of it).</summary>
    private Dictionary<string, List<IMethodSymbol>> GetExtensions(INamespaceSymbol ns)
        => _extensionsByNamespace.GetOrAdd(ns, static n =>
        {
            var result = new Dictionary<string, List<IMethodSymbol>>(StringComparer.Ordinal);
            foreach (var type in n.GetTypeMembers())
            {
                if (!type.IsStatic || !type.MightContainExtensionMethods)
                {
                    continue;
                }

                foreach (var memberName in type.MemberNames)
                {
                    if (!memberName.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    foreach (var member in type.GetMembers(memberName))
                    {
                        if (member is IMethodSymbol { IsExtensionMethod: true } extension)
                        {
                            if (!result.TryGetValue(memberName, out var list))
                            {
                                list = new List<IMethodSymbol>();
                                result.Add(memberName, list);
                            }

                            list.Add(extension);
                        }
                    }
                }
            }

            return result;
        });

    private static IEnumerable<INamedTypeSymbol> SelfAndBaseTypes(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                yield return @interface;
            }
        }
    }

    private bool IsTaskMachinery(INamedTypeSymbol type)
    {
        var original = type.OriginalDefinition;
        var symbols = _advisor.Symbols;
        return _advisor.IsTaskLike(original)
               || Same(original, symbols.TaskAwaiter) || Same(original, symbols.TaskAwaiterOfT)
               || Same(original, symbols.ValueTaskAwaiter) || Same(original, symbols.ValueTaskAwaiterOfT)
               || Same(original, symbols.ConfiguredTaskAwaiter) || Same(original, symbols.ConfiguredTaskAwaiterOfT)
               || Same(original, symbols.ConfiguredValueTaskAwaiter) || Same(original, symbols.ConfiguredValueTaskAwaiterOfT);
    }

    private bool IsObsolete(ISymbol symbol)
    {
        var obsolete = _advisor.Symbols.ObsoleteAttribute;
        if (obsolete is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, obsolete))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsCancellationToken(ITypeSymbol type) => Same(type, _advisor.Symbols.CancellationToken);

    private static bool Same(ITypeSymbol? left, ITypeSymbol? right)
        => left is not null && right is not null && SymbolEqualityComparer.Default.Equals(left, right);
}
