using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Infrastructure;

public static partial class References
{
    /// <summary>The EF Core version the EF tests compile against: the newest 8.0 servicing release on the feed.</summary>
    public const string EfCore80Version = "8.0.34";

    /// <summary>.NET 8 plus Microsoft.EntityFrameworkCore 8.0 (and its dependencies).</summary>
    public static ReferenceAssemblies EfCore80 { get; } = ReferenceAssemblies.Net.Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.EntityFrameworkCore", EfCore80Version)));

    private static readonly Lazy<Task> s_efCore80Resolved = new(
        () => EfCore80.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, CancellationToken.None));

    /// <summary>
    /// Restores <see cref="EfCore80"/> once for the whole run before a test uses it: concurrent first-time restores of
    /// the same package set can race in Microsoft.CodeAnalysis.Testing and leave assemblies out.
    /// </summary>
    public static Task EnsureEfCore80Async() => s_efCore80Resolved.Value;
}
