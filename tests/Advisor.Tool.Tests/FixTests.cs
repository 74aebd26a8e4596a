namespace Advisor.Tool.Tests;

public class FixTests
{
    [Fact]
    public async Task Fix_applies_the_code_fix_and_writes_compiling_code()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi), ("Cart.cs", Sources.Controller));
        var (exit, output, _) = await Tool.RunAsync(folder.Path, "--fix");

        Assert.Equal(0, exit);
        Assert.Contains("Fixes: 2 finding(s) fixed, changed 2 file(s)", output);
        Assert.Contains("compiler errors before 0, after 0", output);
        var program = folder.Read("Program.cs");
        Assert.Contains("var body = await http.GetStringAsync($\"https://orders.example/{id}\");", program);
        Assert.DoesNotContain(".Result", program);
        var cart = folder.Read("Cart.cs");
        Assert.Contains("return await Task.Run(() => n);", cart);
        Assert.Contains("Task.FromResult(Environment.ProcessorCount).Result", cart);

        // The written files compile and are clean.
        var after = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = folder.Path });
        Assert.Empty(after.Findings);
        Assert.Empty(after.LoadWarnings);
    }

    [Fact]
    public async Task Dry_run_shows_the_diff_and_writes_nothing()
    {
        using var folder = new TestFolder(("Program.cs", Sources.BlockingMinimalApi));
        var before = folder.Read("Program.cs");
        var (exit, output, _) = await Tool.RunAsync(folder.Path, "--fix", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Equal(before, folder.Read("Program.cs"));
        Assert.Contains("would change 1 file(s) (dry run: nothing written)", output);
        Assert.Contains("@@ line 7", output);
        Assert.Contains("-     var body = http.GetStringAsync($\"https://orders.example/{id}\").Result;", output);
        Assert.Contains("+     var body = await http.GetStringAsync($\"https://orders.example/{id}\");", output);

        // The report still describes the code on disk.
        Assert.Contains("ADV2001 warning", output);
    }
}
