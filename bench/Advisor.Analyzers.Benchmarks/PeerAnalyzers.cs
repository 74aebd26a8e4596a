using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Benchmarks;

/// <summary>A peer package and the rules of it that are compared with Advisor's.</summary>
internal sealed record PeerPackage(string Id, ImmutableArray<string> Rules);

/// <summary>An analyzer taking part in a run, with the rules it is measured for.</summary>
internal sealed record MeasuredAnalyzer(DiagnosticAnalyzer Analyzer, string Source, string Name, ImmutableArray<string> Rules)
{
    public bool IsAdvisor => Source == "Advisor";

    public string Label => $"{Name} ({string.Join(", ", Rules)})";
}

/// <summary>
/// Loads the peer analyzers from their NuGet packages (restored by the benchmark project with IncludeAssets=none, so
/// they never run on the benchmark itself) through <see cref="AnalyzerFileReference"/>, keeping only the analyzers that
/// report a compared rule.
/// </summary>
internal static class PeerAnalyzers
{
    public static readonly ImmutableArray<PeerPackage> Packages = ImmutableArray.Create(
        new PeerPackage("Microsoft.CodeAnalysis.NetAnalyzers", ImmutableArray.Create("CA1849")),
        new PeerPackage("Meziantou.Analyzer", ImmutableArray.Create("MA0042")),
        new PeerPackage("Microsoft.VisualStudio.Threading.Analyzers", ImmutableArray.Create("VSTHRD103", "VSTHRD002")));

    private static readonly List<string> s_probeDirectories = new();

    public static ImmutableArray<MeasuredAnalyzer> Load(TextWriter log)
    {
        AssemblyLoadContext.Default.Resolving += ResolveFromPeerFolders;
        var loader = new Loader();
        var result = ImmutableArray.CreateBuilder<MeasuredAnalyzer>();
        foreach (var package in Packages)
        {
            var root = FindPackageRoot(package.Id);
            var dlls = AnalyzerDlls(root).ToList();
            s_probeDirectories.AddRange(dlls.Select(d => Path.GetDirectoryName(d)!).Distinct());
            var version = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
            log.WriteLine($"  {package.Id} {version}: {string.Join(", ", dlls.Select(d => Path.GetRelativePath(root, d)))}");
            foreach (var dll in dlls)
            {
                var reference = new AnalyzerFileReference(dll, loader);
                reference.AnalyzerLoadFailed += (_, e) => log.WriteLine($"  warning: {Path.GetFileName(dll)}: {e.Message}");
                foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
                {
                    var rules = analyzer.SupportedDiagnostics.Select(d => d.Id).Where(package.Rules.Contains).Distinct().ToImmutableArray();
                    if (!rules.IsEmpty)
                    {
                        result.Add(new MeasuredAnalyzer(analyzer, package.Id, analyzer.GetType().Name, rules));
                    }
                }
            }

            var found = result.Where(a => a.Source == package.Id).SelectMany(a => a.Rules).ToHashSet();
            var missing = package.Rules.Where(r => !found.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"{package.Id} {version} has no analyzer for {string.Join(", ", missing)}.");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The restored package folder: recorded at build time (GeneratePathProperty), else the NuGet global packages folder.</summary>
    private static string FindPackageRoot(string id)
    {
        var recorded = typeof(PeerAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PeerPackage:" + id)?.Value;
        if (!string.IsNullOrEmpty(recorded) && Directory.Exists(recorded))
        {
            return recorded;
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(packages, id.ToLowerInvariant());
        var newest = Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).OrderByDescending(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version()).FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException($"Package {id} is not restored; run `dotnet restore` on the benchmark project.");
    }

    /// <summary>
    /// The C# analyzer assemblies of a package (no Visual Basic, no code fixes). Packages with per-Roslyn folders
    /// (<c>roslyn4.8</c>, <c>roslyn5.9</c>, ...) contribute the newest folder the running compiler supports.
    /// </summary>
    private static IEnumerable<string> AnalyzerDlls(string root)
    {
        var analyzers = Path.Combine(root, "analyzers");
        var all = Directory.EnumerateFiles(analyzers, "*.dll", SearchOption.AllDirectories)
            .Where(p => !IsUnder(p, "vb") && !Path.GetFileName(p).EndsWith(".resources.dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileNameWithoutExtension(p).Contains("CodeFix", StringComparison.OrdinalIgnoreCase))
            .ToList();

        var roslyn = RunningRoslynVersion();
        var versioned = all
            .Select(p => (Path: p, Version: RoslynFolderVersion(p)))
            .ToList();
        if (versioned.All(v => v.Version is null))
        {
            return all.OrderBy(p => p, StringComparer.Ordinal);
        }

        var best = versioned.Where(v => v.Version is not null && v.Version <= roslyn).Max(v => v.Version)
            ?? throw new InvalidOperationException($"No analyzer folder in {root} supports Roslyn {roslyn}.");
        return versioned.Where(v => v.Version == best).Select(v => v.Path).OrderBy(p => p, StringComparer.Ordinal);
    }

    public static Version RunningRoslynVersion()
    {
        var informational = typeof(Compilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0";
        var core = informational.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : typeof(Compilation).Assembly.GetName().Version!;
    }

    private static Version? RoslynFolderVersion(string path)
    {
        foreach (var part in path.Split(Path.DirectorySeparatorChar))
        {
            if (part.StartsWith("roslyn", StringComparison.Ordinal) && Version.TryParse(part["roslyn".Length..], out var v))
            {
                return v;
            }
        }

        return null;
    }

    private static bool IsUnder(string path, string folder)
        => path.Split(Path.DirectorySeparatorChar).Contains(folder, StringComparer.Ordinal);

    private static Assembly? ResolveFromPeerFolders(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var directory in s_probeDirectories)
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            if (File.Exists(candidate))
            {
                return context.LoadFromAssemblyPath(candidate);
            }
        }

        return null;
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
