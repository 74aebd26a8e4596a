using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Infrastructure;

/// <summary>
/// Resilience libraries for the failure-mode rules (ADV4xxx): Polly v8 (Polly.Core 8.9.1), Polly v7 policies (Polly 7.2.4),
/// the HttpClient factory (Microsoft.Extensions.Http) with its resilience (Microsoft.Extensions.Http.Resilience) and
/// Polly (Microsoft.Extensions.Http.Polly) handlers, and Advisor.Runtime.
/// <para>
/// Microsoft.CodeAnalysis.Testing 1.1.4 cannot resolve this package graph itself (its resolver does not unify the 8.0
/// and 10.0 Microsoft.Extensions ranges these packages ask for and fails), so the test project restores the packages
/// (NuGet unifies them) and the test compilations reference the very assemblies the test runs with. They are built for
/// .NET 10, so those compilations target the .NET 10 reference assemblies (<see cref="Net100"/>).
/// </para>
/// </summary>
public static partial class References
{
    /// <summary>
    /// A reference set with no package: the .NET 10 framework references come from <see cref="ResilienceLibraries"/>,
    /// read from the SDK's own reference pack (packs/Microsoft.NETCore.App.Ref/10.*/ref/net10.0), which every machine that
    /// builds this repository has.
    /// </summary>
    public static ReferenceAssemblies NoFramework { get; } = new("net10.0");

    /// <summary>The .NET 10 reference assemblies plus the resilience assemblies, Advisor.Runtime included.</summary>
    public static ImmutableArray<MetadataReference> ResilienceLibraries { get; } = CreateResilienceLibraries();

    private static IEnumerable<string> FrameworkReferencePaths()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var version = Directory.GetDirectories(packs, "10.*")
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
            .OrderByDescending(d => d.Version)
            .First().Path;
        return Directory.GetFiles(Path.Combine(version, "ref", "net10.0"), "*.dll");
    }

    private static ImmutableArray<MetadataReference> CreateResilienceLibraries()
    {
        Type[] anchors =
        [
            typeof(Polly.ResiliencePipeline),                                                       // Polly.Core
            typeof(Polly.Policy),                                                                   // Polly (v7 API)
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),                     // DI abstractions
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection),                      // DI
            typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions), // Microsoft.Extensions.Http
            typeof(Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions),  // Microsoft.Extensions.Http.Resilience
            typeof(Microsoft.Extensions.DependencyInjection.PollyHttpClientBuilderExtensions),       // Microsoft.Extensions.Http.Polly
            typeof(Polly.Extensions.Http.HttpPolicyExtensions),                                     // Polly.Extensions.Http
            typeof(Microsoft.Extensions.Options.IOptions<>),                                        // Options
            typeof(Polly.Timeout.TimeoutStrategyOptions),                                            // Polly.Core strategies
            typeof(Advisor.Downstream),                                                             // Advisor.Runtime
        ];

        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in FrameworkReferencePaths())
        {
            builder.Add(MetadataReference.CreateFromFile(path));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            var location = anchor.Assembly.Location;
            if (seen.Add(location))
            {
                builder.Add(MetadataReference.CreateFromFile(location));
            }
        }

        return builder.ToImmutable();
    }
}

/// <summary>Switches a test to the resilience references (.NET 10 framework, Polly v7/v8, HttpClient factory, Advisor.Runtime).</summary>
public static class ResilienceTestExtensions
{
    public static TTest WithResilience<TTest>(this TTest test)
        where TTest : Microsoft.CodeAnalysis.Testing.AnalyzerTest<DefaultVerifier>
    {
        test.ReferenceAssemblies = References.NoFramework;
        test.TestState.AdditionalReferences.Remove(References.AdvisorRuntime);
        test.TestState.AdditionalReferences.AddRange(References.ResilienceLibraries);
        if (test is Microsoft.CodeAnalysis.Testing.CodeFixTest<DefaultVerifier> fix)
        {
            fix.FixedState.AdditionalReferences.Remove(References.AdvisorRuntime);
            fix.FixedState.AdditionalReferences.AddRange(References.ResilienceLibraries);
            fix.BatchFixedState.AdditionalReferences.Remove(References.AdvisorRuntime);
            fix.BatchFixedState.AdditionalReferences.AddRange(References.ResilienceLibraries);
        }

        return test;
    }
}
