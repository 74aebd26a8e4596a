using Advisor.Tool.Analysis;
using Advisor.Tool.EntryPoints;
using Advisor.Tool.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Advisor.Tool.Tests;

/// <summary>The four-question labels, from findings of every family (including rules that land later).</summary>
public class ClassificationTests
{
    private static ReachedCode Reached(bool awaits, int downstream)
        => new(Array.Empty<(SyntaxTree, TextSpan)>(), awaits, downstream);

    private static Finding F(string id, FindingSeverity severity = FindingSeverity.Warning)
        => new(id, severity, "m", "Program.cs", 1, 1, 1, 2, "App");

    [Fact]
    public void Awaiting_without_findings_is_async_io()
    {
        var c = ReportBuilder.Classify([], Reached(awaits: true, downstream: 0), guardStatusKnown: true);
        Assert.Equal(["async I/O"], c.Labels);
    }

    [Fact]
    public void Every_question_gets_its_label()
    {
        var c = ReportBuilder.Classify(
            [F("ADV1001"), F("ADV2003"), F("ADV3001"), F("ADV4001"), F("ADV4001", FindingSeverity.Suggestion), F("ADV4003", FindingSeverity.Suggestion), F("ADV4004")],
            Reached(awaits: true, downstream: 3),
            guardStatusKnown: true);

        Assert.Equal(
            ["blocking I/O", "CPU-bound", "scale: parallel/thread per request", "downstream: 1 unguarded, 1 timeout only of 3", "fan-out: 1 without deadline or sequential", "lock held across a wait"],
            c.Labels);
        Assert.True(c.CpuBound && c.BlockingIO && c.ScaleRisk);
        Assert.Equal((1, 1, 3, 1, 1), (c.UnguardedDownstreamCalls, c.TimeoutOnlyDownstreamCalls, c.DownstreamCalls, c.FanOuts, c.OtherFailureModeFindings));
    }

    [Fact]
    public void Downstream_calls_without_adv4001_findings_are_guarded_when_the_rule_ran()
    {
        var c = ReportBuilder.Classify([], Reached(awaits: true, downstream: 2), guardStatusKnown: true);
        Assert.Equal(["async I/O", "downstream: 2 guarded"], c.Labels);
    }

    [Fact]
    public void Cpu_work_in_async_code_keeps_the_async_io_label()
    {
        var c = ReportBuilder.Classify([F("ADV1002")], Reached(awaits: true, downstream: 0), guardStatusKnown: true);
        Assert.Equal(["async I/O", "CPU-bound"], c.Labels);
    }
}
