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
        Assert.Equal(0, orders.Classification.DownstreamCalls);
        Assert.Equal(["blocking I/O"], orders.Classification.Labels);

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
    public async Task Counts_downstream_calls_and_says_when_their_guards_were_not_checked()
    {
        using var folder = new TestFolder(("Program.cs", Sources.Downstream));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path, Rules = ["ADV2001"] });

        var quote = Assert.Single(report.EntryPoints);
        Assert.Equal(1, quote.Classification.DownstreamCalls);
        Assert.False(quote.Classification.GuardStatusKnown);
        Assert.Equal(["blocking I/O", "downstream: 1 call(s), guard status not checked (ADV4001 did not run)"], quote.Classification.Labels);
        Assert.Equal((6, "ADV2001"), (Assert.Single(quote.Findings).Line, quote.Findings[0].RuleId));
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

    [Fact]
    public async Task Middleware_is_an_entry_point_and_background_services_are_not()
    {
        using var folder = new TestFolder(("Services.cs", """
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Hosting;

            public sealed class TimingMiddleware
            {
                private readonly RequestDelegate _next;

                public TimingMiddleware(RequestDelegate next) => _next = next;

                public async Task InvokeAsync(HttpContext context)
                {
                    Task.Delay(5).Wait();
                    await _next(context);
                }
            }

            public sealed class Refresher : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    Task.Delay(5).Wait();
                }
            }
            """));
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });

        var middleware = Assert.Single(report.EntryPoints);
        Assert.Equal(("TimingMiddleware.InvokeAsync", "middleware"), (middleware.Name, middleware.Kind));
        Assert.Equal(12, Assert.Single(middleware.Findings).Line);
        Assert.Equal(["blocking I/O"], middleware.Classification.Labels);
        Assert.Equal(22, Assert.Single(report.FindingsOutsideEntryPoints).Line);
    }
}
