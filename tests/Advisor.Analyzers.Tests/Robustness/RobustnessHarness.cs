using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Advisor.Analyzers.Benchmarks.Generation;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Robustness;

/// <summary>A source file of the robustness corpus, or a damaged version of one.</summary>
public sealed record SourceVariant(string Name, string Damage, string Text)
{
    public override string ToString() => $"{Name} [{Damage}]";
}

/// <summary>
/// Shared pieces of the robustness tests: every Advisor analyzer and code fix (by reflection, so new rules are covered
/// without edits here), the corpus (Corpus/*.cs, one generated feature group, and samples/**/*.cs when present), and
/// deterministic damage: truncated prefixes, deleted tokens and unbalanced braces.
/// </summary>
internal static class RobustnessHarness
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerDiscovery.AdvisorAnalyzers();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = AnalyzerDiscovery.Create<CodeFixProvider>(
        typeof(AdvisorCodeFixProvider).Assembly,
        t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)));

    public static ImmutableArray<MetadataReference> References { get; } = FrameworkReferences.Web
        .Add(MetadataReference.CreateFromFile(typeof(Advisor.Offload).Assembly.Location))
        .Add(MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location));

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);


    /// <summary>The undamaged sources, by name.</summary>
    public static ImmutableDictionary<string, string> Sources { get; } = LoadSources();

    private static readonly Lazy<CSharpCompilation> s_emptyLibrary = new(() => CreateEmpty(OutputKind.DynamicallyLinkedLibrary));
    private static readonly Lazy<CSharpCompilation> s_emptyExecutable = new(() => CreateEmpty(OutputKind.ConsoleApplication));
    private static readonly Lazy<ImmutableArray<SyntaxTree>> s_generatedTrees = new(() => Sources
        .Where(s => s.Key.StartsWith("Generated/", StringComparison.Ordinal))
        .OrderBy(s => s.Key, StringComparer.Ordinal)
        .Select(s => CSharpSyntaxTree.ParseText(s.Value, ParseOptions, path: "/src/" + s.Key))
        .ToImmutableArray());

    /// <summary>Source names for xunit theories.</summary>
    public static TheoryData<string> SourceNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Sources.Keys.OrderBy(n => n, StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// The source itself, then <paramref name="count"/> damaged versions of it: evenly spaced truncated prefixes, prefixes
    /// cut at random token boundaries, 1-3 random tokens deleted, and braces removed or added. Same seed, same variants.
    /// </summary>
    public static IEnumerable<SourceVariant> Variants(string name, int count)
    {
        var text = Sources[name];
        yield return new SourceVariant(name, "intact", text);

        var random = new Random(StableHash(name));
        var tokens = CSharpSyntaxTree.ParseText(text, ParseOptions).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        var perKind = Math.Max(1, count / 4);

        for (var i = 1; i <= perKind; i++)
        {
            var cut = (int)((long)text.Length * i / (perKind + 1));
            yield return new SourceVariant(name, $"prefix of {cut} chars", text[..cut]);
        }

        for (var i = 0; i < perKind; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            var cut = random.Next(2) == 0 ? token.Span.Start : token.Span.End;
            yield return new SourceVariant(name, $"prefix up to token '{token.Text}' at {cut}", text[..cut]);
        }

        for (var i = 0; i < perKind; i++)
        {
            var deleted = Enumerable.Range(0, random.Next(1, 4)).Select(_ => tokens[random.Next(tokens.Count)]).Distinct().OrderByDescending(t => t.SpanStart).ToList();
            var builder = new StringBuilder(text);
            foreach (var token in deleted)
            {
                builder.Remove(token.SpanStart, token.Span.Length);
            }

            yield return new SourceVariant(name, "deleted " + string.Join(", ", deleted.Select(t => $"'{t.Text}' at {t.SpanStart}")), builder.ToString());
        }

        var braces = tokens.Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken)).ToList();
        for (var i = 0; i < perKind; i++)
        {
            var builder = new StringBuilder(text);
            string damage;
            switch (i % 3)
            {
                case 0 when braces.Count > 0:
                {
                    var brace = braces[random.Next(braces.Count)];
                    builder.Remove(brace.SpanStart, 1);
                    damage = $"removed '{brace.Text}' at {brace.SpanStart}";
                    break;
                }

                case 1:
                {
                    var at = tokens[random.Next(tokens.Count)].SpanStart;
                    builder.Insert(at, "{ ");
                    damage = $"extra '{{' at {at}";
                    break;
                }

                default:
                {
                    var at = tokens[random.Next(tokens.Count)].SpanStart;
                    builder.Insert(at, "} ");
                    damage = $"extra '}}' at {at}";
                    break;
                }
            }

            yield return new SourceVariant(name, damage, builder.ToString());
        }
    }

    /// <summary>
    /// A compilation of one source; top-level statements make it an executable, as in a real project. Every compilation
    /// derives from one empty compilation per output kind, so they share its reference manager and the symbols of the
    /// ~300 framework assemblies are built once, not once per damaged variant.
    /// </summary>
    public static CSharpCompilation Compile(SourceVariant variant)
    {
        var tree = CSharpSyntaxTree.ParseText(variant.Text, ParseOptions, path: "/src/" + variant.Name);
        return EmptyCompilation(OutputKindOf(variant.Name)).AddSyntaxTrees(Siblings(variant.Name).Prepend(tree));
    }

    /// <summary>The shared, empty compilation of an output kind (see <see cref="Compile"/>).</summary>
    public static CSharpCompilation EmptyCompilation(OutputKind kind)
        => kind == OutputKind.ConsoleApplication ? s_emptyExecutable.Value : s_emptyLibrary.Value;

    /// <summary>
    /// The intact files a damaged generated file is compiled with (the rest of its feature group), so cross-file calls
    /// resolve as in the service it comes from. Corpus and sample files stand alone.
    /// </summary>
    public static IEnumerable<SyntaxTree> Siblings(string name)
        => name.StartsWith("Generated/", StringComparison.Ordinal)
            ? s_generatedTrees.Value.Where(t => t.FilePath != "/src/" + name)
            : Enumerable.Empty<SyntaxTree>();

    /// <summary>How many damaged versions of each source the tests make: fewer per file when the samples add many files.</summary>
    public static int VariantCount(int perSourceWhenFew) => Sources.Count <= 16 ? perSourceWhenFew : Math.Max(4, perSourceWhenFew * 16 / Sources.Count);

    public static OutputKind OutputKindOf(string name)
        => CSharpSyntaxTree.ParseText(Sources[name], ParseOptions).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any()
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;

    /// <summary>Runs every Advisor analyzer; returns the diagnostics and every exception an analyzer threw (empty when none).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Failures)> AnalyzeAsync(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) =>
            {
                lock (failures)
                {
                    failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        foreach (var diagnostic in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            failures.Add(diagnostic.ToString());
        }

        return (diagnostics, failures);
    }

    /// <summary>The repository root (where Advisor.sln is), or null when the tests run outside the repository.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Advisor.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>A string hash that is the same in every process (string.GetHashCode is randomized).</summary>
    public static int StableHash(string value)
    {
        var hash = 2166136261;
        foreach (var c in value)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static CSharpCompilation CreateEmpty(OutputKind kind)
    {
        var compilation = CSharpCompilation.Create(
            "Robustness",
            syntaxTrees: null,
            References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        _ = compilation.GetTypeByMetadataName("System.Object"); // binds the references once, for every derived compilation
        return compilation;
    }

    private static ImmutableDictionary<string, string> LoadSources()
    {
        var sources = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");
        foreach (var file in Directory.EnumerateFiles(corpus, "*.cs"))
        {
            sources["Corpus/" + Path.GetFileName(file)] = File.ReadAllText(file);
        }

        // One feature group of the benchmark's generated service: helpers, repository, client, service, controller, endpoints.
        foreach (var file in ServiceCodeGenerator.Generate(ServiceCodeGenerator.FilesPerGroup))
        {
            sources["Generated/" + Path.GetFileName(file.Path)] = file.Text;
        }

        if (RepositoryRoot() is { } root && Directory.Exists(Path.Combine(root, "samples")))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!relative.Contains("/obj/", StringComparison.Ordinal) && !relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    sources[relative] = File.ReadAllText(file);
                }
            }
        }

        return sources.ToImmutable();
    }
}
