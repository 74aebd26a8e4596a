namespace Advisor.Tool.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData(new string[0], 0)]
    [InlineData(new[] { "--fail-on", "warning" }, 1)]
    [InlineData(new[] { "--fail-on", "suggestion" }, 1)]
    [InlineData(new[] { "--fail-on", "error" }, 0)]
    [InlineData(new[] { "--max-findings", "0" }, 1)]
    [InlineData(new[] { "--max-findings", "1" }, 0)]
    [InlineData(new[] { "--fail-on", "warning", "--rules", "ADV4001" }, 0)]
    public async Task Exit_code_follows_the_thresholds(string[] thresholds, int expected)
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var (exit, _, error) = await Tool.RunAsync([folder.Path, "-q", .. thresholds]);
        Assert.Equal(expected, exit);
        if (expected == 1)
        {
            Assert.Contains("advisor: 1 finding(s)", error);
        }
    }

    [Fact]
    public async Task Clean_code_passes_the_strictest_threshold()
    {
        using var folder = new TestFolder(("Clean.cs", Sources.Clean));
        var (exit, output, _) = await Tool.RunAsync(folder.Path, "--fail-on", "suggestion", "--max-findings", "0");
        Assert.Equal(0, exit);
        Assert.Contains("0 finding(s)", output);
    }

    [Fact]
    public async Task A_suggestion_fails_only_the_suggestion_threshold()
    {
        using var folder = new TestFolder(
            ("Program.cs", Sources.BlockingMinimalApi),
            (".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.ADV2001.severity = suggestion\n"));
        Assert.Equal(0, (await Tool.RunAsync(folder.Path, "-q", "--fail-on", "warning")).ExitCode);
        Assert.Equal(1, (await Tool.RunAsync(folder.Path, "-q", "--fail-on", "suggestion")).ExitCode);
    }
}
