using Advisor.Tool.Analysis;

namespace Advisor.Tool.Tests;

public class RuleDiscoveryTests
{
    [Fact]
    public void Finds_every_analyzer_and_fixer_by_reflection()
    {
        var rules = AdvisorRules.All;
        Assert.Contains(rules.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == "ADV2001"));
        Assert.Contains(rules.Fixers, f => f.FixableDiagnosticIds.Contains("ADV2001"));
        Assert.All(rules.Analyzers, a => Assert.StartsWith("Advisor.Analyzers", a.GetType().Namespace, StringComparison.Ordinal));
        Assert.Equal(rules.Analyzers.Length, rules.Analyzers.Select(a => a.GetType()).Distinct().Count());
    }

    [Fact]
    public void Rule_selection_keeps_only_analyzers_reporting_the_listed_ids()
    {
        var selected = AdvisorRules.All.Select(["ADV2001"]);
        Assert.NotEmpty(selected);
        Assert.All(selected, a => Assert.Contains(a.SupportedDiagnostics, d => d.Id == "ADV2001"));
        Assert.Empty(AdvisorRules.All.Select(["ADV9999"]));
    }
}
