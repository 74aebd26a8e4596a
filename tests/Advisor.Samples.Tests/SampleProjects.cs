using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Samples.Tests;

/// <summary>One sample project's sources, loaded from disk.</summary>
public sealed record SampleProject(string Name, string Directory, ImmutableArray<(string Path, string Text)> Sources);

/// <summary>
/// Loads the sample projects into in-memory compilations (faster than <c>dotnet build</c>, and the diagnostics come
/// back as objects) and finds Advisor's analyzers and code fixes by reflection, so every rule that lands in the
/// analyzer assembly is checked here without a change to the tests.
/// </summary>
public static class SampleProjects
{
    public static readonly string[] BeforeProjects = ["Gateway/Gateway.Before", "Search/Search.Before", "Checkout/Checkout.Before"];

    public static readonly string[] AfterProjects = ["Gateway/Gateway.After", "Search/Search.After", "Checkout/Checkout.After"];

    private static readonly Lazy<string> s_root = new(FindRoot);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_frameworkReferences = new(LoadFrameworkReferences);

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new(() =>
        Assembly.Load("Advisor.Analyzers").GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<CodeFixProvider>> s_codeFixes = new(() =>
        Assembly.Load("Advisor.CodeFixes").GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray());

    /// <summary>The repository root (the folder holding Advisor.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>Every Advisor analyzer in the analyzer assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => s_analyzers.Value;

    /// <summary>Every Advisor code fix in the code-fix assembly.</summary>
    public static ImmutableArray<CodeFixProvider> CodeFixes => s_codeFixes.Value;

    /// <summary>The rule IDs the analyzer assembly implements today.</summary>
    public static ImmutableHashSet<string> ImplementedRuleIds
        => Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(IsAdvisorId).ToImmutableHashSet();

    public static bool IsAdvisorId(string id) => id.StartsWith("ADV", StringComparison.Ordinal);

    /// <summary>Loads <c>samples/{relativeDirectory}</c>'s .cs files (bin and obj excluded).</summary>
    public static SampleProject Load(string relativeDirectory)
    {
        var directory = Path.Combine(Root, "samples", relativeDirectory);
        var sources = System.IO.Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(directory, path)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path: Path.GetRelativePath(Root, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .ToImmutableArray();
        Assert.NotEmpty(sources);
        return new SampleProject(Path.GetFileName(relativeDirectory), directory, sources);
    }

    /// <summary>
    /// The metadata references a sample compiles against: the .NET and ASP.NET Core shared frameworks this test runs
    /// on, Advisor.Runtime, Polly.Core and the samples' harness, as the project's build would.
    /// </summary>
    public static ImmutableArray<MetadataReference> References => s_frameworkReferences.Value;

    /// <summary>Compiles a sample's sources; asserts that it compiles.</summary>
    public static CSharpCompilation Compile(SampleProject project)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = project.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path));
        var compilation = CSharpCompilation.Create(project.Name, trees, References, CompilationOptions);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{project.Name} does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    public static CSharpCompilationOptions CompilationOptions { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false);

    /// <summary>Runs every Advisor analyzer over <paramref name="compilation"/>; returns the Advisor diagnostics.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        var withAnalyzers = compilation.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        var crashes = all.Where(d => d.Id == "AD0001").ToList();
        Assert.True(crashes.Count == 0, "An analyzer threw:\n" + string.Join("\n", crashes));
        return all.Where(d => IsAdvisorId(d.Id)).ToImmutableArray();
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var first = relativePath.Split('/', '\\')[0];
        return first is "bin" or "obj";
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Advisor.sln")) && System.IO.Directory.Exists(Path.Combine(directory.FullName, "samples")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Advisor.sln not found above " + AppContext.BaseDirectory);
    }

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var directories = new[]
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
        };
        var files = directories
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, "*.dll"))
            .Where(IsManagedAssembly)
            .Concat(
            [
                typeof(Offload).Assembly.Location,
                typeof(Polly.ResiliencePipeline).Assembly.Location,
                typeof(global::Samples.Harness.LoopbackHost).Assembly.Location,
            ]);
        return files.Distinct(StringComparer.Ordinal).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
