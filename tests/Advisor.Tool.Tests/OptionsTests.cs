using Advisor.Tool.Model;

namespace Advisor.Tool.Tests;

public class OptionsTests
{
    [Fact]
    public void Defaults_to_the_current_directory_and_console()
    {
        var options = AdvisorOptions.Parse([], out var error);
        Assert.Null(error);
        Assert.Equal(".", options!.Path);
        Assert.Equal(ReportFormat.Console, options.Format);
        Assert.Null(options.FailOn);
        Assert.False(options.Fix);
    }

    [Fact]
    public void Parses_every_option()
    {
        var options = AdvisorOptions.Parse(["src/App.csproj", "--format", "sarif", "-o", "out.sarif", "--fail-on", "suggestion", "--max-findings=3", "--timing", "--rules", "ADV2001, ADV4001", "-q"], out var error);
        Assert.Null(error);
        Assert.Equal("src/App.csproj", options!.Path);
        Assert.Equal(ReportFormat.Sarif, options.Format);
        Assert.Equal("out.sarif", options.OutputFile);
        Assert.Equal(FindingSeverity.Suggestion, options.FailOn);
        Assert.Equal(3, options.MaxFindings);
        Assert.True(options.Timing);
        Assert.True(options.Quiet);
        Assert.Equal(["ADV2001", "ADV4001"], options.Rules);
    }

    [Fact]
    public void Dry_run_implies_fix()
    {
        var options = AdvisorOptions.Parse(["--dry-run"], out _);
        Assert.True(options!.Fix);
        Assert.True(options.DryRun);
    }

    [Theory]
    [InlineData("--format", "html")]
    [InlineData("--fail-on", "sometimes")]
    [InlineData("--max-findings", "-1")]
    [InlineData("--bogus")]
    [InlineData("a", "b")]
    [InlineData("--output")]
    public void Rejects_bad_command_lines(params string[] args)
    {
        Assert.Null(AdvisorOptions.Parse(args, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public async Task Usage_errors_exit_with_2()
    {
        var (exit, _, error) = await Tool.RunAsync("--format", "html");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown format 'html'", error);
    }

    [Fact]
    public async Task A_missing_path_exits_with_2()
    {
        var (exit, _, error) = await Tool.RunAsync(Path.Combine(Path.GetTempPath(), "advisor-no-such-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task Help_prints_usage_and_exit_codes()
    {
        var (exit, output, _) = await Tool.RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage: advisor", output);
        Assert.Contains("--fail-on", output);
        Assert.Contains("Exit codes", output);
    }
}
