using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Infrastructure;

/// <summary>Reference assembly sets used by the tests, restored through NuGet by Microsoft.CodeAnalysis.Testing.</summary>
public static partial class References
{
    /// <summary>.NET 8, the oldest framework Advisor supports.</summary>
    public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

    /// <summary>Advisor.Runtime, the library the code fixes target.</summary>
    public static MetadataReference AdvisorRuntime { get; } = MetadataReference.CreateFromFile(typeof(Advisor.Offload).Assembly.Location);
}

/// <summary>
/// An analyzer (and optionally code fix) test with Advisor's defaults: C# latest on .NET 8, Advisor.Runtime referenced,
/// and markup (<c>[|...|]</c>, <c>{|ADV2001:...|}</c>) for expected diagnostics.
/// </summary>
public class AdvisorTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public AdvisorTest()
    {
        ReferenceAssemblies = References.Net80;
        TestState.AdditionalReferences.Add(References.AdvisorRuntime);
        FixedState.AdditionalReferences.Add(References.AdvisorRuntime);
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    /// <summary>Text of a root <c>.editorconfig</c> section for all C# files, e.g. <c>advisor.ADV2002.excluded_apis = ...</c>.</summary>
    public string? EditorConfig { get; set; }

    /// <summary>Adds the ASP.NET Core 8 shared framework (controllers, minimal APIs, Razor Pages, SignalR) to the references.</summary>
    public bool AspNetCore { get; set; }

    /// <summary>Sets the project's output kind, e.g. <see cref="OutputKind.ConsoleApplication"/> for top-level statements.</summary>
    public OutputKind? OutputKind { get; set; }

    /// <summary>Leaves Advisor.Runtime out of the references, to test fixes that need it.</summary>
    public AdvisorTest<TAnalyzer, TCodeFix> WithoutRuntime()
    {
        TestState.AdditionalReferences.Remove(References.AdvisorRuntime);
        FixedState.AdditionalReferences.Remove(References.AdvisorRuntime);
        return this;
    }

    protected override ParseOptions CreateParseOptions()
        => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (AspNetCore)
        {
            var web = await References.AspNetCore80OnlyAsync();
            TestState.AdditionalReferences.AddRange(web);
            if (FixedState.Sources.Count > 0)
            {
                FixedState.AdditionalReferences.AddRange(web);
            }
        }

        if (OutputKind is { } kind)
        {
            TestState.OutputKind = kind;
            FixedState.OutputKind = kind;
        }

        if (EditorConfig is not null)
        {
            var config = "root = true\n\n[*.cs]\n" + EditorConfig + "\n";
            TestState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
            if (FixedState.Sources.Count > 0)
            {
                FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
            }
        }

        await base.RunImplAsync(cancellationToken);
    }
}

/// <summary>Analyzer-only tests.</summary>
public class AdvisorTest<TAnalyzer> : AdvisorTest<TAnalyzer, EmptyCodeFixProvider>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
}

/// <summary>Short entry points: <c>Verify&lt;BlockingWaitAnalyzer&gt;.Analyzer(source)</c>.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new AdvisorTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFix<TCodeFix>(string source, string fixedSource, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new AdvisorTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        if (iterations is { } n)
        {
            test.NumberOfFixAllIterations = n;
            test.NumberOfIncrementalIterations = n;
        }

        return test.RunAsync();
    }
}
