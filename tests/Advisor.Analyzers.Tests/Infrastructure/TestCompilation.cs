using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Advisor.Analyzers.Tests.Infrastructure;

/// <summary>Builds real compilations against the .NET 8 reference assemblies for infrastructure tests.</summary>
public static class TestCompilation
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_net80 = new(
        () => References.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    public static Task<CSharpCompilation> CreateAsync(params string[] sources) => CreateAsync(aspNetCore: false, sources);

    /// <summary>A compilation against .NET 8 and, with <paramref name="aspNetCore"/>, the ASP.NET Core shared framework.</summary>
    public static async Task<CSharpCompilation> CreateAsync(bool aspNetCore, params string[] sources)
    {
        var references = aspNetCore ? await References.AspNetCore80Async() : await s_net80.Value;
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: $"/0/Test{i}.cs"));
        var compilation = CSharpCompilation.Create(
            "TestAssembly",
            trees,
            references.Add(References.AdvisorRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Test source does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }
}
