using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Infrastructure;

/// <summary>
/// ASP.NET Core reference assemblies. Microsoft.CodeAnalysis.Testing 1.1.4's <c>AddPackages</c> only takes lib/ assets,
/// and Microsoft.AspNetCore.App.Ref ships ref/ only, so the targeting pack is resolved as a reference-assembly package
/// of its own and its references are added next to the .NET 8 ones (<see cref="AdvisorTest{TAnalyzer, TCodeFix}.AspNetCore"/>).
/// </summary>
public static partial class References
{
    /// <summary>The ASP.NET Core 8 targeting pack alone (ref/net8.0 of Microsoft.AspNetCore.App.Ref).</summary>
    public static ReferenceAssemblies AspNetCore80Pack { get; } = new(
        "net8.0",
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"),
        Path.Combine("ref", "net8.0"));

    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_aspNetCore80Only = new(
        () => AspNetCore80Pack.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> s_aspNetCore80 = new(async () =>
    {
        var core = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var web = await s_aspNetCore80Only.Value;
        return core.AddRange(web);
    });

    /// <summary>The ASP.NET Core targeting pack's references only (add them to a test on top of <see cref="Net80"/>).</summary>
    public static Task<ImmutableArray<MetadataReference>> AspNetCore80OnlyAsync() => s_aspNetCore80Only.Value;

    /// <summary>.NET 8 plus the ASP.NET Core shared framework: every reference a web project compiles against.</summary>
    public static Task<ImmutableArray<MetadataReference>> AspNetCore80Async() => s_aspNetCore80.Value;
}
