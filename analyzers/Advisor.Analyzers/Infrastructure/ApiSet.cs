using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// A set of APIs named by users or catalogues. Each entry is one of:
/// <list type="bullet">
/// <item>a documentation-comment ID of a member (<c>M:System.IO.File.ReadAllText(System.String)</c>, <c>P:...</c>);</item>
/// <item>a documentation-comment ID of a type (<c>T:Legacy.Client</c>): every member of that type;</item>
/// <item>a namespace (<c>N:Legacy</c>): every member of every type in it and below it;</item>
/// <item>a dotted name without prefix: <c>System.IO.File.ReadAllText</c> (every overload) or <c>System.IO.MemoryStream</c> (every member).</item>
/// </list>
/// Lookups go through an index by simple name, so a symbol that no entry names costs one dictionary probe.
/// </summary>
internal sealed class ApiSet
{
    public static readonly ApiSet Empty = new(ImmutableArray<string>.Empty);

    private readonly Dictionary<string, List<string>> _membersByName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly List<string> _namespaces = new();
    private readonly ConcurrentDictionary<ISymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    private ApiSet(ImmutableArray<string> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            Add(entry);
        }
    }

    public ImmutableArray<string> Entries { get; }

    public bool IsEmpty => _membersByName.Count == 0 && _types.Count == 0 && _namespaces.Count == 0;

    public static ApiSet Parse(IEnumerable<string> entries)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in entries)
        {
            var trimmed = StripComment(entry);
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.Count == 0 ? Empty : new ApiSet(builder.ToImmutable());
    }

    /// <summary>Merges several sets (built-in catalogue, AdditionalFiles, editorconfig) into one.</summary>
    public static ApiSet Union(IEnumerable<ApiSet> sets)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var set in sets)
        {
            builder.AddRange(set.Entries);
        }

        return builder.Count == 0 ? Empty : new ApiSet(builder.ToImmutable());
    }

    /// <summary>True when the member (or its type or namespace) is named by an entry.</summary>
    public bool Contains(ISymbol? symbol)
    {
        if (symbol is null || IsEmpty)
        {
            return false;
        }

        symbol = symbol.OriginalDefinition;
        if (symbol is IMethodSymbol { ReducedFrom: { } reducedFrom })
        {
            symbol = reducedFrom.OriginalDefinition;
        }

        if (!_membersByName.ContainsKey(symbol.MetadataName) && _types.Count == 0 && _namespaces.Count == 0)
        {
            return false;
        }

        return _cache.GetOrAdd(symbol, s => Match(s));
    }

    private bool Match(ISymbol symbol)
    {
        if (_membersByName.TryGetValue(symbol.MetadataName, out var candidates))
        {
            var docId = symbol.GetDocumentationCommentId();
            var dotted = symbol.ContainingType is { } containing ? TypeName(containing) + "." + symbol.Name : symbol.Name;
            foreach (var candidate in candidates)
            {
                if (string.Equals(candidate, docId, StringComparison.Ordinal) || string.Equals(candidate, dotted, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        for (var type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            if (_types.Contains(TypeName(type)))
            {
                return true;
            }
        }

        if (_namespaces.Count > 0)
        {
            var ns = symbol.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            foreach (var candidate in _namespaces)
            {
                if (ns.Equals(candidate, StringComparison.Ordinal) || ns.StartsWith(candidate + ".", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Add(string entry)
    {
        if (entry.Length > 2 && entry[1] == ':')
        {
            var body = entry.Substring(2);
            switch (entry[0])
            {
                case 'T':
                    _types.Add(body);
                    return;
                case 'N':
                    _namespaces.Add(body);
                    return;
                case 'M':
                case 'P':
                case 'F':
                case 'E':
                    AddMember(SimpleName(body), entry);
                    return;
            }
        }

        // A dotted name: either Type.Member (any overload) or a type. Register both readings.
        var lastDot = entry.LastIndexOf('.');
        if (lastDot > 0)
        {
            AddMember(entry.Substring(lastDot + 1), entry);
        }

        _types.Add(entry);
    }

    private void AddMember(string simpleName, string entry)
    {
        if (!_membersByName.TryGetValue(simpleName, out var list))
        {
            list = new List<string>();
            _membersByName.Add(simpleName, list);
        }

        list.Add(entry);
    }

    /// <summary>The member's metadata name in a documentation-comment ID body: <c>Ns.Type.Name``1(System.String)</c> gives <c>Name``1</c>.</summary>
    private static string SimpleName(string body)
    {
        var paren = body.IndexOf('(');
        var head = paren >= 0 ? body.Substring(0, paren) : body;
        var lastDot = head.LastIndexOf('.');
        var name = lastDot >= 0 ? head.Substring(lastDot + 1) : head;
        var ticks = name.IndexOf("``", StringComparison.Ordinal);
        if (ticks >= 0)
        {
            // Method metadata names carry no arity suffix; doc IDs do.
            name = name.Substring(0, ticks);
        }

        return name.Replace('#', '.');
    }

    private static string TypeName(INamedTypeSymbol type)
    {
        var id = type.OriginalDefinition.GetDocumentationCommentId();
        return id is { Length: > 2 } ? id.Substring(2) : type.ToDisplayString();
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#');
        if (hash == 0)
        {
            return string.Empty;
        }

        // '#' also appears inside doc IDs (#ctor), so only " #" starts a trailing comment.
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? line.Substring(0, comment) : line).Trim();
    }
}
