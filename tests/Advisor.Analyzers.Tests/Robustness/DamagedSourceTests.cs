using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Tests.Robustness;

/// <summary>
/// Every Advisor analyzer on truncated and randomly damaged versions of realistic sources: an analyzer that throws
/// (AD0001) turns a build red for a user who is only half-way through typing a line.
/// </summary>
public sealed class DamagedSourceTests
{
    [Fact]
    public void The_harness_finds_the_analyzers_and_the_corpus()
    {
        Assert.Contains(RobustnessHarness.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == "ADV2001"));
        Assert.Contains(RobustnessHarness.CodeFixes, f => f.FixableDiagnosticIds.Contains("ADV2001"));
        Assert.True(RobustnessHarness.Sources.Count(s => s.Key.StartsWith("Corpus/", StringComparison.Ordinal)) >= 4);
        Assert.True(RobustnessHarness.Sources.Count(s => s.Key.StartsWith("Generated/", StringComparison.Ordinal)) == 6);
    }

    [Fact]
    public async Task The_intact_corpus_compiles_and_the_analyzers_report_on_it()
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in RobustnessHarness.Sources.Keys.Where(k => !k.StartsWith("samples/", StringComparison.Ordinal)))
        {
            var compilation = RobustnessHarness.Compile(new SourceVariant(name, "intact", RobustnessHarness.Sources[name]));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{name} does not compile:\n{string.Join("\n", errors.Take(5))}");
            var (diagnostics, failures) = await RobustnessHarness.AnalyzeAsync(compilation);
            Assert.Empty(failures);
            reported.UnionWith(diagnostics.Select(d => d.Id));
        }

        // The damage tests only mean something if the analyzers do real work on the undamaged corpus.
        Assert.Contains("ADV2001", reported);
    }

    [Theory]
    [MemberData(nameof(RobustnessHarness.SourceNames), MemberType = typeof(RobustnessHarness))]
    public async Task No_analyzer_throws_on_damaged_source(string name)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var variant in RobustnessHarness.Variants(name, RobustnessHarness.VariantCount(12)))
        {
            count++;
            var (_, thrown) = await RobustnessHarness.AnalyzeAsync(RobustnessHarness.Compile(variant));
            failures.AddRange(thrown.Select(f => $"{variant}: {f}"));
        }

        Assert.True(count > 4, "no damaged variants were made");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }
}
