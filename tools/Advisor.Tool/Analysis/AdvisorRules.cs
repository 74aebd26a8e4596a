using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Advisor.Analyzers.Infrastructure;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Tool.Analysis;

/// <summary>
/// Every Advisor analyzer and code fix, found by reflection over the analyzer and code-fix assemblies, so rules that
/// land later are picked up without touching the tool.
/// </summary>
internal sealed class AdvisorRules
{
    private static readonly Lazy<AdvisorRules> s_all = new(Discover);

    private AdvisorRules(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        Analyzers = analyzers;
        Fixers = fixers;
    }

    public static AdvisorRules All => s_all.Value;

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixers { get; }

    /// <summary>The analyzers that report at least one of <paramref name="ruleIds"/> (all when empty).</summary>
    public ImmutableArray<DiagnosticAnalyzer> Select(IReadOnlyCollection<string> ruleIds)
        => ruleIds.Count == 0
            ? Analyzers
            : Analyzers.Where(a => a.SupportedDiagnostics.Any(d => ruleIds.Contains(d.Id, StringComparer.OrdinalIgnoreCase))).ToImmutableArray();

    /// <summary>The fixers able to fix <paramref name="ruleId"/>.</summary>
    public IEnumerable<CodeFixProvider> FixersFor(string ruleId) => Fixers.Where(f => f.FixableDiagnosticIds.Contains(ruleId));

    private static AdvisorRules Discover()
    {
        var analyzers = Instantiate<DiagnosticAnalyzer>(typeof(AdvisorAnalyzer).Assembly, t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is { } a && a.Languages.Contains(LanguageNames.CSharp));
        var fixers = Instantiate<CodeFixProvider>(typeof(AdvisorCodeFixProvider).Assembly, t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null);
        return new AdvisorRules(analyzers, fixers);
    }

    private static ImmutableArray<T> Instantiate<T>(Assembly assembly, Func<Type, bool> isExported)
        where T : class
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null && isExported(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
