using Xunit.Abstractions;

namespace Advisor.Samples.Tests;

/// <summary>
/// The samples are linted by Advisor itself: each Before project gets exactly the diagnostics its
/// <c>// expect:</c> markers name (no more, no less), each After project gets none. Markers for rules the analyzer
/// assembly does not implement yet are skipped and listed, so the check tightens as rules land.
/// </summary>
public sealed class SampleDiagnosticsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Before => new(SampleProjects.BeforeProjects);

    public static TheoryData<string> After => new(SampleProjects.AfterProjects);

    [Theory]
    [MemberData(nameof(Before))]
    public async Task Before_project_gets_exactly_the_marked_diagnostics(string relativeDirectory)
    {
        var project = SampleProjects.Load(relativeDirectory);
        var implemented = SampleProjects.ImplementedRuleIds;
        var markers = ExpectationMarkers.Read(project);
        Assert.NotEmpty(markers);

        var pending = markers.Where(m => !implemented.Contains(m.Id)).ToList();
        if (pending.Count > 0)
        {
            output.WriteLine($"Markers of rules not in the analyzer assembly yet (not checked): {string.Join(", ", pending.Select(m => m.Id).Distinct().Order())}");
        }

        var diagnostics = await SampleProjects.AnalyzeAsync(SampleProjects.Compile(project));
        var actual = ExpectationMarkers.Describe(diagnostics);
        foreach (var diagnostic in actual)
        {
            output.WriteLine("reported: " + diagnostic);
        }

        ExpectationMarkers.AssertMatch(project.Name, markers.Where(m => implemented.Contains(m.Id)), actual);
    }

    [Theory]
    [MemberData(nameof(After))]
    public async Task After_project_gets_no_Advisor_diagnostics(string relativeDirectory)
    {
        var project = SampleProjects.Load(relativeDirectory);
        Assert.Empty(ExpectationMarkers.Read(project));

        var diagnostics = await SampleProjects.AnalyzeAsync(SampleProjects.Compile(project));

        ExpectationMarkers.AssertMatch(project.Name, [], ExpectationMarkers.Describe(diagnostics));
    }

    [Fact]
    public void Every_marker_names_a_rule_of_the_catalogue()
    {
        string[] catalogue = ["ADV1001", "ADV1002", "ADV2001", "ADV2002", "ADV2003", "ADV2004", "ADV3001", "ADV3002", "ADV4001", "ADV4002", "ADV4003", "ADV4004"];
        var markers = SampleProjects.BeforeProjects.SelectMany(p => ExpectationMarkers.Read(SampleProjects.Load(p))).ToList();

        var known = SampleProjects.ImplementedRuleIds.Union(catalogue);
        Assert.All(markers, m => Assert.Contains(m.Id, known));
    }
}
