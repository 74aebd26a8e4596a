using System.Collections.Immutable;
using System.Reflection;
using Advisor.Analyzers.Infrastructure;
using Advisor.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Meta;

/// <summary>
/// Every analyzer, fixer and descriptor Advisor ships, found by reflection, so a rule that lands later is checked by
/// the meta tests without anyone listing it.
/// </summary>
public static class RuleCatalogue
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    public static Assembly AnalyzerAssembly => typeof(AdvisorAnalyzer).Assembly;

    public static Assembly CodeFixAssembly => typeof(SyncApiWithAsyncTwinCodeFixProvider).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Each descriptor once, with the analyzer that reports it.</summary>
    public static ImmutableArray<(DiagnosticDescriptor Descriptor, DiagnosticAnalyzer Analyzer)> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics.Select(d => (Descriptor: d, Analyzer: a)))
        .GroupBy(p => p.Descriptor.Id, StringComparer.Ordinal)
        .Select(g => g.First())
        .OrderBy(p => p.Descriptor.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static IEnumerable<object[]> DescriptorIds => Descriptors.Select(p => new object[] { p.Descriptor.Id });

    public static IEnumerable<object[]> AnalyzerNames => Analyzers.Select(a => new object[] { a.GetType().Name });

    public static IEnumerable<object[]> FixableIds => CodeFixes.SelectMany(f => f.FixableDiagnosticIds).Distinct(StringComparer.Ordinal).Select(id => new object[] { id });

    public static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(p => p.Descriptor.Id == id).Descriptor;

    public static DiagnosticAnalyzer Analyzer(string typeName) => Analyzers.Single(a => a.GetType().Name == typeName);

    /// <summary>The folder holding Advisor.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    public static string PathOf(params string[] parts) => Path.Combine(new[] { RepositoryRoot }.Concat(parts).ToArray());

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Advisor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Advisor.sln not found above " + AppContext.BaseDirectory);
    }
}
