using System.Text.RegularExpressions;

namespace Advisor.Package.Tests;

/// <summary>
/// A consumer library that references Advisor.Runtime only (the analyzers come with it). Lines that must be reported
/// carry a <c>// expect: ADVnnnn</c> marker; the tests read the markers instead of hard-coding line numbers.
/// </summary>
internal static class ConsumerProject
{
    public const string ProjectName = "Consumer";

    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        ["Orders.cs"] = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Consumer;

            public sealed class Orders
            {
                public async Task<int> TotalAsync(Task<int> pending)
                {
                    await Task.Yield();
                    return pending.Result + 1; // expect: ADV2001
                }

                public async Task<string> LoadAsync(string path, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return File.ReadAllText(path); // expect: ADV2002
                }

                // Synchronous code may block: not reported.
                public int Total(Task<int> pending) => pending.Result;
            }
            """,
        ["Jobs.cs"] = """
            using System.Threading.Tasks;

            namespace Consumer;

            public static class Jobs
            {
                public static Task RunAsync(Task first, Task second)
                {
                    Task.WaitAll(first, second); // expect: ADV2001
                    return Task.CompletedTask;
                }
            }
            """,
    };

    private static readonly Regex s_marker = new(@"//\s*expect:\s*(?<ids>ADV\d{4}(\s*,\s*ADV\d{4})*)", RegexOptions.Compiled);

    public static void Write(string directory, string feed, string version)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>{string.Join(';', PackageFixture.TargetFrameworks)}</TargetFrameworks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <ErrorLog>$(MSBuildProjectDirectory)/sarif/$(TargetFramework).sarif,version=2.1</ErrorLog>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Advisor.Runtime" Version="{version}" />
              </ItemGroup>
            </Project>
            """);

        // The temporary feed first, then whatever sources the machine already has (the default one included), so
        // Polly.Core and friends restore from the normal cache.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="advisor-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // Isolate the consumer from any Directory.Build.* above the temporary folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        Directory.CreateDirectory(Path.Combine(directory, "sarif"));

        foreach (var (name, text) in Sources)
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }
    }

    /// <summary>Every (file, line, rule) the markers promise, lines 1-based.</summary>
    public static ISet<(string File, int Line, string Id)> ExpectedFindings()
    {
        var expected = new HashSet<(string, int, string)>();
        foreach (var (name, text) in Sources)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var match = s_marker.Match(lines[i]);
                if (!match.Success)
                {
                    continue;
                }

                foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    expected.Add((name, i + 1, id));
                }
            }
        }

        return expected;
    }
}
