using Advisor.Tool.Model;

namespace Advisor.Tool.Tests;

public class FolderModeTests
{
    [Fact]
    public async Task Reports_entry_points_with_classification_findings_and_totals()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var (exit, output, error) = await Tool.RunAsync(folder.Path);

        Assert.Equal(0, exit);
        Assert.Contains("(folder, 1 project(s)", output);
        Assert.Contains("GET /orders/{id}  (minimal API, Program.cs:5)", output);
        Assert.Contains("=> blocking I/O", output);
        Assert.Contains("Program.cs:7:", output);
        Assert.Contains("ADV2001 warning", output);
        Assert.Contains("fix available: Await the task", output);
        Assert.Contains("GET /health  (minimal API, Program.cs:12)", output);
        Assert.Contains("GET /  (minimal API, Program.cs:18)", output);
        Assert.Contains("Totals per rule", output);
        Assert.Matches(@"ADV2001\s+Blocking wait on a task in async code\s+1 \(1 warning", output);

        // Progress goes to standard error while loading, never into the report.
        Assert.Contains("Compiling 1 .cs file(s)", error);
        Assert.DoesNotContain("Compiling", output);
    }

    [Fact]
    public async Task Classifies_each_entry_point()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi), ("Cart.cs", Sources.Controller));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });

        Assert.Empty(report.LoadWarnings);
        var orders = Assert.Single(report.EntryPoints, e => e.Name == "GET /orders/{id}");
        Assert.True(orders.Classification.BlockingIO);
        Assert.Equal(1, orders.Classification.DownstreamCalls);
        Assert.Contains("blocking I/O", orders.Classification.Labels);

        var health = Assert.Single(report.EntryPoints, e => e.Name == "GET /health");
        Assert.Equal(["async I/O"], health.Classification.Labels);
        Assert.Empty(health.Findings);

        var root = Assert.Single(report.EntryPoints, e => e.Name == "GET /");
        Assert.Equal(["synchronous, no findings"], root.Classification.Labels);

        // A controller action that reaches a helper: the helper's finding belongs to the action.
        var action = Assert.Single(report.EntryPoints, e => e.Name == "CartController.Get");
        Assert.Equal("controller action", action.Kind);
        var finding = Assert.Single(action.Findings);
        Assert.Equal(("Cart.cs", 19, "ADV2001"), (finding.FilePath, finding.Line, finding.RuleId));
        Assert.True(action.Classification.BlockingIO);
        Assert.Empty(report.FindingsOutsideEntryPoints);
    }

    [Fact]
    public async Task Findings_no_entry_point_reaches_are_listed_apart()
    {
        using var folder = new TestFolder(("Worker.cs", """
            public static class Worker
            {
                public static async Task RunAsync(Task<int> pending)
                {
                    await Task.Yield();
                    Console.WriteLine(pending.Result);
                }
            }
            """));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });

        Assert.Empty(report.EntryPoints);
        var finding = Assert.Single(report.FindingsOutsideEntryPoints);
        Assert.Equal(("Worker.cs", 6), (finding.FilePath, finding.Line));
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public async Task Compiler_errors_are_reported_as_load_warnings()
    {
        using var folder = new TestFolder(("Broken.cs", "public static class Broken { public static async Task M() { await Missing.Thing(); } }"));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });

        Assert.Contains(report.LoadWarnings, w => w.Contains("compiler error", StringComparison.Ordinal) && w.Contains("CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Editorconfig_severity_is_honoured()
    {
        using var folder = new TestFolder(
            ("Program.cs", Sources.BlockingMinimalApi),
            (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.ADV2001.severity = suggestion\n"));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Suggestion, finding.Severity);
        Assert.Equal(1, Assert.Single(report.Totals, t => t.RuleId == "ADV2001").Suggestions);
    }

    [Fact]
    public async Task A_folder_holding_one_project_is_loaded_as_that_project_unless_loose()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi), ("NotAProject.csproj", "this is not msbuild"));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path, Loose = true });
        Assert.Equal("folder", report.TargetKind);
        Assert.Single(report.Findings);
    }
}
