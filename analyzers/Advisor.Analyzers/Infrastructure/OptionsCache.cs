using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Reads Advisor's <c>.editorconfig</c> keys (prefixed <c>advisor.</c>) through <see cref="AnalyzerConfigOptions"/>.
/// Per-file values win over global ones. Parsed values are cached by their raw text, so a key read on every
/// operation costs a dictionary lookup.
/// </summary>
internal sealed class OptionsCache
{
    private static readonly char[] s_listSeparators = { ',', ';', '\n', '\r' };

    private readonly ConcurrentDictionary<string, ImmutableArray<string>> _lists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiSet> _apiSets = new(StringComparer.Ordinal);

    public static bool TryGetRaw(AnalyzerOptions options, SyntaxTree? tree, string key, out string value)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (tree is not null && provider.GetOptions(tree).TryGetValue(key, out var fileValue) && fileValue is not null)
        {
            value = fileValue;
            return true;
        }

        if (provider.GlobalOptions.TryGetValue(key, out var globalValue) && globalValue is not null)
        {
            value = globalValue;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>A comma- or semicolon-separated list; entries are trimmed, empty entries dropped.</summary>
    public ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree? tree, string key)
        => TryGetRaw(options, tree, key, out var raw) ? _lists.GetOrAdd(raw, static r => ParseList(r)) : ImmutableArray<string>.Empty;

    /// <summary>A list of API names (documentation-comment IDs or dotted names) as a matcher.</summary>
    public ApiSet GetApiSet(AnalyzerOptions options, SyntaxTree? tree, string key)
        => TryGetRaw(options, tree, key, out var raw) ? _apiSets.GetOrAdd(raw, static r => ApiSet.Parse(ParseList(r))) : ApiSet.Empty;

    public static int GetInt(AnalyzerOptions options, SyntaxTree? tree, string key, int defaultValue)
        => TryGetRaw(options, tree, key, out var raw) && int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;

    public static bool GetBool(AnalyzerOptions options, SyntaxTree? tree, string key, bool defaultValue)
        => TryGetRaw(options, tree, key, out var raw) && bool.TryParse(raw.Trim(), out var value) ? value : defaultValue;

    public static ImmutableArray<string> ParseList(string raw)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw.Split(s_listSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }
}
