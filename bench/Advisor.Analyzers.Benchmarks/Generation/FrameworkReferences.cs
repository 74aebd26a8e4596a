using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Benchmarks.Generation;

/// <summary>
/// The references a .NET web service compiles against, taken from the running .NET installation: the targeting
/// packs (<c>packs/Microsoft.NETCore.App.Ref</c>, <c>packs/Microsoft.AspNetCore.App.Ref</c>) of the newest version
/// matching the running runtime's major version, or, without packs, the shared framework assemblies themselves.
/// Shared by the benchmark and the robustness tests (linked into both).
/// </summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_web = new(Load);

    /// <summary>.NET plus ASP.NET Core, as a web project (Microsoft.NET.Sdk.Web) sees them.</summary>
    public static ImmutableArray<MetadataReference> Web => s_web.Value;

    /// <summary>Where the references were found, for reports.</summary>
    public static string Describe()
    {
        var (core, web) = Locate();
        return $"{core}; {web}";
    }

    private static ImmutableArray<MetadataReference> Load()
    {
        var (core, web) = Locate();
        return Directory.EnumerateFiles(core, "*.dll")
            .Concat(Directory.EnumerateFiles(web, "*.dll"))
            .Where(IsManagedAssembly)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private static (string Core, string Web) Locate()
    {
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var runtimeVersion = new DirectoryInfo(runtimeDir).Name;                      // e.g. 10.0.12
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));  // .../shared/Microsoft.NETCore.App/10.0.12
        var major = runtimeVersion.Split('.')[0];
        var tfm = $"net{major}.0";

        var corePack = FindPack(dotnetRoot, "Microsoft.NETCore.App.Ref", major, tfm);
        var webPack = FindPack(dotnetRoot, "Microsoft.AspNetCore.App.Ref", major, tfm);
        if (corePack is not null && webPack is not null)
        {
            return (corePack, webPack);
        }

        var sharedWeb = FindNewest(Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App"), major)
            ?? throw new InvalidOperationException($"No ASP.NET Core {major} targeting pack or shared framework under {dotnetRoot}.");
        return (runtimeDir, sharedWeb);
    }

    private static string? FindPack(string dotnetRoot, string name, string major, string tfm)
    {
        var version = FindNewest(Path.Combine(dotnetRoot, "packs", name), major);
        if (version is null)
        {
            return null;
        }

        var refDir = Path.Combine(version, "ref", tfm);
        return Directory.Exists(refDir) ? refDir : null;
    }

    private static string? FindNewest(string folder, string major)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return Directory.EnumerateDirectories(folder)
            .Select(d => (Dir: d, Ok: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v), Version: v))
            .Where(x => x.Ok && x.Version!.Major.ToString(System.Globalization.CultureInfo.InvariantCulture) == major)
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
