using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Advisor.Samples.Tests;

/// <summary>One expected (or reported) Advisor diagnostic: rule, file, line and the line's code.</summary>
public sealed record ExpectedDiagnostic(string Id, string File, int Line, string Code)
{
    public override string ToString() => $"{Id} {File}:{Line}  {Code}";
}

/// <summary>
/// Reads <c>// expect: ADV2002</c> (or <c>// expect: ADV2002, ADV4004</c>) markers at the end of flagged lines in
/// the samples' sources.
/// </summary>
public static partial class ExpectationMarkers
{
    [GeneratedRegex(@"//\s*expect:\s*(?<ids>ADV\d{4}(?:\s*,\s*ADV\d{4})*)\s*$")]
    private static partial Regex Marker();

    public static ImmutableArray<ExpectedDiagnostic> Read(SampleProject project)
    {
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
        foreach (var (path, text) in project.Sources)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var match = Marker().Match(lines[i].TrimEnd('\r'));
                if (!match.Success)
                {
                    continue;
                }

                foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    expected.Add(new ExpectedDiagnostic(id, path, i + 1, CodeOf(lines[i])));
                }
            }
        }

        return expected.ToImmutable();
    }

    /// <summary>The reported diagnostics in the same shape as the markers.</summary>
    public static ImmutableArray<ExpectedDiagnostic> Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            var line = span.StartLinePosition.Line;
            var text = d.Location.SourceTree?.GetText().Lines[line].ToString() ?? string.Empty;
            return new ExpectedDiagnostic(d.Id, span.Path, line + 1, CodeOf(text));
        }).ToImmutableArray();

    /// <summary>Expected and actual must be the same multiset; the message lists what is missing and what is extra.</summary>
    public static void AssertMatch(string project, IEnumerable<ExpectedDiagnostic> expected, IEnumerable<ExpectedDiagnostic> actual)
    {
        static string Key(ExpectedDiagnostic d) => $"{d.File}:{d.Line:D5}:{d.Id}";
        var expectedList = expected.OrderBy(Key, StringComparer.Ordinal).ToList();
        var actualList = actual.OrderBy(Key, StringComparer.Ordinal).ToList();
        var missing = expectedList.ToList();
        var extra = new List<ExpectedDiagnostic>();
        foreach (var diagnostic in actualList)
        {
            var index = missing.FindIndex(e => e.Id == diagnostic.Id && e.File == diagnostic.File && e.Line == diagnostic.Line);
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                extra.Add(diagnostic);
            }
        }

        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{project}: the Advisor diagnostics differ from the // expect: markers.\n"
            + $"Expected but not reported ({missing.Count}):\n  " + string.Join("\n  ", missing) + "\n"
            + $"Reported but not expected ({extra.Count}):\n  " + string.Join("\n  ", extra));
    }

    private static string CodeOf(string line)
    {
        var code = line.Trim();
        var comment = code.IndexOf("// expect:", StringComparison.Ordinal);
        return comment >= 0 ? code[..comment].TrimEnd() : code;
    }
}
