using System.Text.Json;

namespace Advisor.Tool.Tests;

public class FormatTests
{
    [Fact]
    public async Task Markdown_has_entry_point_table_findings_and_totals()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var (exit, output, _) = await Tool.RunAsync(folder.Path, "--format", "markdown");

        Assert.Equal(0, exit);
        Assert.StartsWith("# Advisor report", output, StringComparison.Ordinal);
        Assert.Contains("| Entry point | Kind | Location | Classification | Findings |", output);
        Assert.Contains("| `GET /orders/{id}` | minimal API | `Program.cs:5` | blocking I/O", output);
        Assert.Contains("| `GET /health` | minimal API | `Program.cs:12` | async I/O | 0 |", output);
        Assert.Contains("- `Program.cs:7` **[ADV2001](https://github.com/advisor-dotnet/advisor/blob/main/docs/rules/ADV2001.md)** (warning):", output);
        Assert.Contains("fix: *Await the task*", output);
        Assert.Contains("## Totals per rule", output);
        Assert.Contains("| [ADV2001](https://github.com/advisor-dotnet/advisor/blob/main/docs/rules/ADV2001.md) | Blocking wait on a task in async code | 1 | 0 | 1 |", output);
    }

    [Fact]
    public async Task Sarif_is_a_valid_2_1_0_log_with_rule_metadata_and_located_results()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var sarifPath = folder.File("out/advisor.sarif");
        var (exit, output, _) = await Tool.RunAsync(folder.Path, "--format", "sarif", "-o", sarifPath);

        Assert.Equal(0, exit);
        Assert.Contains("1 finding(s)", output);
        using var document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var log = document.RootElement;
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
        var run = Assert.Single(log.GetProperty("runs").EnumerateArray());

        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("Advisor", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, r =>
        {
            Assert.Matches("^ADV[1-4][0-9]{3}$", r.GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.StartsWith("https://", r.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
        });
        Assert.Equal(rules.Count, rules.Select(r => r.GetProperty("id").GetString()).Distinct().Count());

        var srcRoot = run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString();
        Assert.True(Uri.TryCreate(srcRoot, UriKind.Absolute, out var root) && root.IsFile && srcRoot!.EndsWith('/'));

        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("ADV2001", result.GetProperty("ruleId").GetString());
        var ruleIndex = result.GetProperty("ruleIndex").GetInt32();
        Assert.Equal("ADV2001", rules[ruleIndex].GetProperty("id").GetString());
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
        var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("Program.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var region = location.GetProperty("region");
        Assert.Equal(7, region.GetProperty("startLine").GetInt32());
        Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
        Assert.True(region.GetProperty("endLine").GetInt32() >= 7);
        Assert.Equal("GET /orders/{id}", Assert.Single(result.GetProperty("properties").GetProperty("entryPoints").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Timing_lists_every_analyzer()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path, Timing = true });
        Assert.Contains(report.Timings, t => t.AnalyzerName == "BlockingWaitAnalyzer");
        Assert.Equal(Analysis.AdvisorRules.All.Analyzers.Length, report.Timings.Count);
    }
}
