using System.Collections.Immutable;
using System.Reflection;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Benchmarks.Generation;

/// <summary>
/// Every analyzer of Advisor.Analyzers, found by reflection (concrete types carrying [DiagnosticAnalyzer] for C#), so
/// rules added later are measured and tested without touching the benchmark or the robustness tests.
/// </summary>
internal static class AnalyzerDiscovery
{
    public static ImmutableArray<DiagnosticAnalyzer> AdvisorAnalyzers()
        => Create<DiagnosticAnalyzer>(typeof(AdvisorAnalyzer).Assembly, t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>()
            .Any(a => a.Languages.Contains(LanguageNames.CSharp)));

    /// <summary>Concrete, public-constructible subtypes of <typeparamref name="T"/> in <paramref name="assembly"/> that pass <paramref name="filter"/>, by name.</summary>
    public static ImmutableArray<T> Create<T>(Assembly assembly, Func<Type, bool> filter)
        where T : class
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(filter)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    /// <summary>The rule IDs an analyzer reports, in order.</summary>
    public static ImmutableArray<string> RuleIds(DiagnosticAnalyzer analyzer)
        => analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();
}
