using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Infrastructure;

public class BlockingSummaryTests
{
    [Fact]
    public async Task One_summary_per_compilation_and_options_answers_concurrent_queries_alike()
    {
        var source = "using System.Threading;\nclass C {\n    static readonly ManualResetEvent Ready = new(false);\n"
                     + string.Join("\n", Enumerable.Range(0, 100).Select(i => i == 0 ? "    void M0() => Ready.WaitOne();" : $"    void M{i}() {{ M{i - 1}(); if ({i} % 5 == 0) M{i}(); }}"))
                     + "\n}";
        var compilation = await TestCompilation.CreateAsync(source);
        var advisor = AdvisorContext.For(compilation);
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var first = BlockingSummary.For(advisor, options, CancellationToken.None);
        Assert.Same(first, BlockingSummary.For(advisor, options, CancellationToken.None));

        var type = compilation.GetTypeByMetadataName("C")!;
        var depths = await Task.WhenAll(Enumerable.Range(0, 100).Reverse().Select(i => Task.Run(
            () => first.Get((IMethodSymbol)type.GetMembers("M" + i).Single(), CancellationToken.None)!.Methods.Length)));
        Assert.Equal(Enumerable.Range(1, 100).Reverse(), depths);
        Assert.Equal("M3 -> M2 -> M1 -> M0 -> WaitHandle.WaitOne", first.Get((IMethodSymbol)type.GetMembers("M3").Single(), CancellationToken.None)!.ToString());
    }

    [Fact]
    public void Catalogue_files_take_comments_and_exclusions()
    {
        var includes = new List<string>();
        var excludes = new List<string>();
        BlockingCatalogue.ParseFile("# header\n\nM:Acme.Terminal.#ctor(System.String)\n  Acme.Terminal.Read   # trailing\n!T:Acme.Fast\n", includes, excludes);
        Assert.Equal(new[] { "M:Acme.Terminal.#ctor(System.String)", "Acme.Terminal.Read   # trailing" }, includes);
        Assert.Equal(new[] { "T:Acme.Fast" }, excludes);
        Assert.True(BlockingCatalogue.IsCatalogueFile("/p/buildTransitive/advisor.blocking.acme.txt"));
        Assert.True(BlockingCatalogue.IsCatalogueFile("C:\\src\\Advisor.Blocking.txt"));
        Assert.False(BlockingCatalogue.IsCatalogueFile("/src/blocking.txt"));
        Assert.False(BlockingCatalogue.IsCatalogueFile("/src/advisor.blocking.acme.json"));
    }
}
