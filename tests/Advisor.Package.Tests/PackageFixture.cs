using System.Diagnostics;

namespace Advisor.Package.Tests;

/// <summary>
/// Packs the two packages once per run with a unique version (so the global NuGet cache never serves stale bits),
/// and builds the consumer project once. Packing reuses the assemblies the solution build just produced in the test
/// assembly's configuration (<c>--no-build</c>; the project references with <c>ReferenceOutputAssembly=false</c> order
/// that build), and writes its intermediate nuspec files to the temporary folder, not to the repository's obj/.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public static readonly string[] TargetFrameworks = { "net8.0", "net10.0" };

    public PackageFixture()
    {
        var total = Stopwatch.StartNew();
        Root = Path.Combine(Path.GetTempPath(), "advisor-package-tests", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.0.0-test." + DateTime.UtcNow.Ticks;

        try
        {
            (AnalyzerPack, RuntimePack, Consumer, StrictConsumer, ConsumerBuild, StrictConsumerBuild) = PackAndBuild();
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor threw: clean up here.
            Dispose();
            throw;
        }

        total.Stop();
        Total = total.Elapsed;
    }

    private (DotNet.Result, DotNet.Result, string, string, DotNet.Result, DotNet.Result) PackAndBuild()
    {
        var repository = RepositoryRoot.Find();
        var analyzerPack = Pack(Path.Combine(repository, "analyzers", "Advisor.Analyzers.Package", "Advisor.Analyzers.Package.csproj"));
        var runtimePack = Pack(Path.Combine(repository, "runtime", "Advisor.Runtime", "Advisor.Runtime.csproj"));

        var consumer = Path.Combine(Root, "consumer");
        ConsumerProject.Write(consumer, Feed, Version);

        // The same consumer with `dotnet_diagnostic.ADV2001.severity = error`, built at the same time.
        var strictConsumer = Path.Combine(Root, "consumer-strict");
        ConsumerProject.Write(strictConsumer, Feed, Version);
        File.WriteAllText(Path.Combine(strictConsumer, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.ADV2001.severity = error\n");
        var strict = Task.Run(() => DotNet.Run(strictConsumer, "build", "-c", "Debug", "-f", "net10.0", "-nodeReuse:false"));

        var consumerBuild = DotNet.Run(consumer, "build", "-c", "Debug", "-nodeReuse:false", "-flp:logfile=" + BuildLog + ";verbosity=normal");
        return (analyzerPack, runtimePack, consumer, strictConsumer, consumerBuild, strict.GetAwaiter().GetResult());
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string Consumer { get; }

    public string BuildLog => Path.Combine(Root, "consumer-build.log");

    public DotNet.Result AnalyzerPack { get; }

    public DotNet.Result RuntimePack { get; }

    public DotNet.Result ConsumerBuild { get; }

    public string StrictConsumer { get; }

    public DotNet.Result StrictConsumerBuild { get; }

    public TimeSpan Total { get; }

    public string AnalyzerPackage => Path.Combine(Feed, $"Advisor.Analyzers.{Version}.nupkg");

    public string RuntimePackage => Path.Combine(Feed, $"Advisor.Runtime.{Version}.nupkg");

    public string Sarif(string targetFramework) => Path.Combine(Consumer, "sarif", targetFramework + ".sarif");

    public void Dispose()
    {
        // Our unique versions in the global package cache are garbage after the run; other versions are untouched.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "advisor.runtime", "advisor.analyzers" })
        {
            TryDelete(Path.Combine(cache, id, Version.ToLowerInvariant()));
        }

        TryDelete(Root);
    }

    private DotNet.Result Pack(string project)
    {
        var result = DotNet.Run(
            Path.GetDirectoryName(project)!,
            "pack", project, "--no-build", "--no-restore", "-c", Configuration, "-o", Feed, "-nodeReuse:false",
            "-p:Version=" + Version, "-p:BuildProjectReferences=false",
            "-p:NuspecOutputPath=" + Path.Combine(Root, "nuspec", Path.GetFileNameWithoutExtension(project)) + Path.DirectorySeparatorChar);
        Assert.True(result.ExitCode == 0, "dotnet pack failed: " + result);
        return result;
    }

    /// <summary>The configuration this test assembly (and so the solution) was built in.</summary>
    private static string Configuration
        => typeof(PackageFixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
               .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Release";

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packages";
}
