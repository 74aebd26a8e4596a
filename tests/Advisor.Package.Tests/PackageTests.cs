using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Advisor.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageTests
{
    // Orders.cs(12,20): warning ADV2001: ... [/tmp/.../Consumer.csproj::TargetFramework=net8.0]
    private static readonly Regex s_diagnostic = new(
        @"(?<file>[^\s\\/(]+\.cs)\((?<line>\d+),\d+\): (?<severity>warning|error) (?<id>ADV\d{4}):.*TargetFramework=(?<tfm>net[\d.]+)\]",
        RegexOptions.Compiled);

    private readonly PackageFixture _fixture;

    public PackageTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        output.WriteLine(
            $"version {fixture.Version}: pack analyzers {fixture.AnalyzerPack.Elapsed.TotalSeconds:F1} s, pack runtime {fixture.RuntimePack.Elapsed.TotalSeconds:F1} s, " +
            $"consumer build {fixture.ConsumerBuild.Elapsed.TotalSeconds:F1} s, strict consumer build (in parallel) {fixture.StrictConsumerBuild.Elapsed.TotalSeconds:F1} s, fixture total {fixture.Total.TotalSeconds:F1} s");
    }

    [Fact]
    public void Analyzer_package_carries_both_assemblies_under_analyzers_dotnet_cs_and_nothing_under_lib()
    {
        using var package = ZipFile.OpenRead(_fixture.AnalyzerPackage);
        var entries = package.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        Assert.Contains("analyzers/dotnet/cs/Advisor.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Advisor.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)
                                            && !e.EndsWith("/Advisor.Analyzers.dll", StringComparison.Ordinal) && !e.EndsWith("/Advisor.CodeFixes.dll", StringComparison.Ordinal));

        var nuspec = ReadNuspec(package);
        var ns = nuspec.Root!.Name.Namespace;
        Assert.Equal("true", nuspec.Descendants(ns + "developmentDependency").Single().Value);
        Assert.Empty(nuspec.Descendants(ns + "dependency"));
    }

    [Fact]
    public void Runtime_package_brings_the_analyzers_with_it()
    {
        using var package = ZipFile.OpenRead(_fixture.RuntimePackage);
        var entries = package.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        Assert.Contains("lib/net8.0/Advisor.Runtime.dll", entries);

        var nuspec = ReadNuspec(package);
        var ns = nuspec.Root!.Name.Namespace;
        var dependency = nuspec.Descendants(ns + "dependency").Single(d => (string?)d.Attribute("id") == "Advisor.Analyzers");
        Assert.Equal(_fixture.Version, (string?)dependency.Attribute("version"));
        // The default exclude ("Build,Analyzers") would stop the analyzers at the consumer's door.
        Assert.DoesNotContain("Analyzers", (string?)dependency.Attribute("exclude") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Consumer_build_reports_exactly_the_marked_lines(string targetFramework)
    {
        Assert.True(_fixture.ConsumerBuild.ExitCode == 0, "consumer build failed: " + _fixture.ConsumerBuild);
        var log = File.ReadAllText(_fixture.BuildLog);
        var actual = s_diagnostic.Matches(log)
            .Where(m => m.Groups["tfm"].Value == targetFramework)
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value), Id: m.Groups["id"].Value))
            .ToHashSet();

        var expected = ConsumerProject.ExpectedFindings();
        Assert.Contains(expected, e => e.Id == "ADV2001");
        Assert.Equal(expected.OrderBy(e => e).ToList(), actual.OrderBy(e => e).ToList());
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Sarif_error_log_lists_the_marked_findings(string targetFramework)
    {
        Assert.True(_fixture.ConsumerBuild.ExitCode == 0, "consumer build failed: " + _fixture.ConsumerBuild);
        using var sarif = JsonDocument.Parse(File.ReadAllText(_fixture.Sarif(targetFramework)));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());

        var actual = new HashSet<(string File, int Line, string Id)>();
        foreach (var run in sarif.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString()!;
                if (!id.StartsWith("ADV", StringComparison.Ordinal))
                {
                    continue;
                }

                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                var line = location.GetProperty("region").GetProperty("startLine").GetInt32();
                actual.Add((Path.GetFileName(new Uri(uri, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(uri).LocalPath : uri), line, id));
                Assert.Equal("warning", result.GetProperty("level").GetString());
            }
        }

        Assert.Equal(ConsumerProject.ExpectedFindings().OrderBy(e => e).ToList(), actual.OrderBy(e => e).ToList());
    }

    [Fact]
    public void Severity_error_in_editorconfig_fails_the_build()
    {
        var result = _fixture.StrictConsumerBuild;

        Assert.NotEqual(0, result.ExitCode);
        var errors = s_diagnostic.Matches(result.Output).Where(m => m.Groups["severity"].Value == "error").Select(m => m.Groups["id"].Value).Distinct().ToList();
        Assert.Equal(new[] { "ADV2001" }, errors);
        // ADV2002 keeps its default severity.
        Assert.Contains(s_diagnostic.Matches(result.Output), m => m.Groups["id"].Value == "ADV2002" && m.Groups["severity"].Value == "warning");
    }

    private static XDocument ReadNuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
