using System.Text.RegularExpressions;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Meta;

/// <summary>
/// Every rule keeps its promises: a docs page with the six sections, a release-tracking entry, a README row, and
/// files named by its ID. Rules are found by reflection (<see cref="RuleCatalogue"/>), so new ones are checked too.
/// </summary>
public class RuleCatalogueTests
{
    private static readonly string[] s_sections =
    {
        "Cause",
        "Why it matters under load",
        "How to fix",
        "Configuration",
        "When to suppress",
        "Examples",
    };

    [Fact]
    public void The_catalogue_finds_the_rules()
    {
        Assert.Contains(RuleCatalogue.Descriptors, p => p.Descriptor.Id == RuleIds.BlockingWait);
        Assert.Contains(RuleCatalogue.Descriptors, p => p.Descriptor.Id == RuleIds.SyncOverAsyncApi);
        Assert.Contains(RuleCatalogue.CodeFixes, f => f.FixableDiagnosticIds.Contains(RuleIds.SyncOverAsyncApi));
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.DescriptorIds), MemberType = typeof(RuleCatalogue))]
    public void Help_link_points_at_a_docs_page_with_the_six_sections_in_order(string id)
    {
        var descriptor = RuleCatalogue.Descriptor(id);
        Assert.Equal(Descriptors.HelpLink(id), descriptor.HelpLinkUri);
        Assert.EndsWith("/docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var page = RuleCatalogue.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id}: missing docs/rules/{id}.md");
        var lines = File.ReadAllLines(page);
        Assert.StartsWith("# " + id, lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) ?? string.Empty, StringComparison.Ordinal);

        // Headings inside fenced code blocks (examples, templates) are not sections.
        var sections = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(line.Substring(3).Trim());
            }
        }

        Assert.Equal(s_sections, sections);
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.DescriptorIds), MemberType = typeof(RuleCatalogue))]
    public void Release_tracking_lists_the_rule_with_its_category_and_severity(string id)
    {
        var descriptor = RuleCatalogue.Descriptor(id);
        var releases = ReadReleases();
        Assert.True(releases.TryGetValue(id, out var entry), $"{id} is in neither AnalyzerReleases.Shipped.md nor AnalyzerReleases.Unshipped.md");
        Assert.Equal(descriptor.Category, entry.Category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), entry.Severity);
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.DescriptorIds), MemberType = typeof(RuleCatalogue))]
    public void Readme_rule_table_has_a_row_with_the_exact_title(string id)
    {
        var descriptor = RuleCatalogue.Descriptor(id);
        var prefix = $"| [{id}](docs/rules/{id}.md) | {descriptor.Title} |";
        var readme = File.ReadAllLines(RuleCatalogue.PathOf("README.md"));
        Assert.True(readme.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)), $"README.md has no row starting with: {prefix}");
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.DescriptorIds), MemberType = typeof(RuleCatalogue))]
    public void Rules_index_has_a_row_with_the_exact_title(string id)
    {
        var descriptor = RuleCatalogue.Descriptor(id);
        var prefix = $"| [{id}]({id}.md) | {descriptor.Title} |";
        var index = File.ReadAllLines(RuleCatalogue.PathOf("docs", "rules", "README.md"));
        Assert.True(index.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)), $"docs/rules/README.md has no row starting with: {prefix}");
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.AnalyzerNames), MemberType = typeof(RuleCatalogue))]
    public void Analyzer_lives_in_Rules_in_a_file_named_by_its_rule_id(string analyzerName)
    {
        var analyzer = RuleCatalogue.Analyzer(analyzerName);
        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToList();
        var folder = RuleCatalogue.PathOf("analyzers", "Advisor.Analyzers", "Rules");
        var declaration = new Regex(@"\bclass\s+" + Regex.Escape(analyzerName) + @"\b");
        var files = Directory.GetFiles(folder, "ADV*Analyzer.cs")
            .Where(f => ids.Any(id => Path.GetFileName(f).StartsWith(id, StringComparison.Ordinal)))
            .Where(f => declaration.IsMatch(File.ReadAllText(f)))
            .ToList();
        Assert.True(files.Count == 1, $"{analyzerName} ({string.Join(", ", ids)}) must be declared in exactly one analyzers/Advisor.Analyzers/Rules/ADVnnnn*Analyzer.cs named by one of its IDs; found {files.Count}");
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.FixableIds), MemberType = typeof(RuleCatalogue))]
    public void Fixer_lives_in_Rules_in_a_file_named_by_its_rule_id(string id)
    {
        var folder = RuleCatalogue.PathOf("codefixes", "Advisor.CodeFixes", "Rules");
        foreach (var fixer in RuleCatalogue.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)))
        {
            var name = fixer.GetType().Name;
            var declaration = new Regex(@"\bclass\s+" + Regex.Escape(name) + @"\b");
            var files = Directory.GetFiles(folder, "ADV*CodeFix.cs")
                .Where(f => fixer.FixableDiagnosticIds.Any(fixable => Path.GetFileName(f).StartsWith(fixable, StringComparison.Ordinal)))
                .Where(f => declaration.IsMatch(File.ReadAllText(f)))
                .ToList();
            Assert.True(files.Count == 1, $"{name} (fixes {id}) must be declared in exactly one codefixes/Advisor.CodeFixes/Rules/ADVnnnn*CodeFix.cs; found {files.Count}");
        }

        Assert.Contains(RuleCatalogue.Descriptors, p => p.Descriptor.Id == id);
    }

    [Theory]
    [MemberData(nameof(RuleCatalogue.AnalyzerNames), MemberType = typeof(RuleCatalogue))]
    public void Analyzer_runs_concurrently_and_skips_generated_code(string analyzerName)
    {
        var context = new RecordingAnalysisContext();
        RuleCatalogue.Analyzer(analyzerName).Initialize(context);
        Assert.True(context.ConcurrentExecution, $"{analyzerName} must call EnableConcurrentExecution");
        Assert.Equal(GeneratedCodeAnalysisFlags.None, context.GeneratedCode);
    }

    [Fact]
    public async Task No_analyzer_reports_in_generated_code()
    {
        const string code = """
            using System.IO;
            using System.Threading.Tasks;

            class G
            {
                async Task<int> M(Task<int> t)
                {
                    await Task.Yield();
                    return t.Result + File.ReadAllText("a").Length;
                }
            }
            """;

        // The same code, hand-written, is reported: the generated-code run below can fail.
        var handWritten = await RunAllAnalyzersAsync(("Handwritten.cs", code));
        Assert.Contains(handWritten, d => d.Id == RuleIds.BlockingWait);
        Assert.Contains(handWritten, d => d.Id == RuleIds.SyncOverAsyncApi);

        var generated = await RunAllAnalyzersAsync(("Marked.cs", "// <auto-generated/>\n" + code), ("Named.g.cs", code.Replace("class G", "class H")));
        Assert.Empty(generated);
    }

    private static async Task<IReadOnlyList<Diagnostic>> RunAllAnalyzersAsync(params (string Path, string Text)[] files)
    {
        var compilation = await TestCompilation.CreateAsync();
        compilation = compilation.AddSyntaxTrees(files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), path: f.Path)));
        var diagnostics = await compilation
            .WithAnalyzers(RuleCatalogue.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("ADV", StringComparison.Ordinal)).ToList();
    }

    private static Dictionary<string, (string Category, string Severity)> ReadReleases()
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = string.Empty;
            foreach (var line in File.ReadAllLines(RuleCatalogue.PathOf("analyzers", "Advisor.Analyzers", file)))
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line.Substring(4).Trim();
                    continue;
                }

                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length < 3 || !cells[0].StartsWith("ADV", StringComparison.Ordinal))
                {
                    continue;
                }

                switch (section)
                {
                    case "New Rules":
                    case "Changed Rules": // ID | New Category | New Severity | Old Category | Old Severity | Notes
                        result[cells[0]] = (cells[1], cells[2]);
                        break;
                    case "Removed Rules":
                        result.Remove(cells[0]);
                        break;
                }
            }
        }

        return result;
    }

    /// <summary>Records what an analyzer configures in Initialize; registrations are ignored.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) { }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, System.Collections.Immutable.ImmutableArray<SymbolKind> symbolKinds) { }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, System.Collections.Immutable.ImmutableArray<TLanguageKindEnum> syntaxKinds) { }
    }
}
