using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Advisor.Analyzers.Infrastructure;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Tests.Robustness;

/// <summary>
/// An analyzer host (IDE, compiler server) keeps analyzer instances for hours while compilations come and go: nothing
/// of Advisor may keep a compilation alive. Per-compilation state lives in <see cref="ConditionalWeakTable{TKey,TValue}"/>s.
/// </summary>
public sealed class NoLeakTests
{
    /// <summary>Roslyn types that pin a compilation (directly or through their symbols, trees or bound state).</summary>
    private static readonly Type[] s_pinning =
    {
        typeof(Compilation), typeof(SemanticModel), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(IOperation),
        typeof(AdvisorContext), typeof(KnownSymbols), typeof(CallGraph), typeof(MethodBodies),
        // Caches the symbols it matched.
        typeof(ApiSet),
    };

    [Fact]
    public async Task Analyzing_a_compilation_keeps_neither_it_nor_the_analyzed_copy_alive()
    {
        var (original, analyzed) = await AnalyzeAndForgetAsync();

        Assert.True(await IsCollectedAsync(original), "the compilation is still alive after analysis");
        Assert.True(await IsCollectedAsync(analyzed), "the compilation the analyzers saw is still alive after analysis");
    }

    [Fact]
    public async Task AdvisorContext_is_collected_with_its_compilation()
    {
        var (compilation, context) = CreateContextAndForget();

        Assert.True(await IsCollectedAsync(compilation), "the compilation is kept alive by its AdvisorContext");
        Assert.True(await IsCollectedAsync(context), "the AdvisorContext outlives its compilation");
    }

    [Fact]
    public void No_static_field_holds_compilation_state_outside_a_weak_table()
    {
        var offenders = new List<string>();
        foreach (var assembly in new[] { typeof(AdvisorAnalyzer).Assembly, typeof(AdvisorCodeFixProvider).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && Pins(field.FieldType, 0) && !IsNeverCaching(field))
                    {
                        offenders.Add($"{type.FullName}.{field.Name} : {field.FieldType}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "static fields that can keep a compilation alive:\n" + string.Join("\n", offenders));
    }

    /// <summary>
    /// <see cref="ApiSet.Empty"/> is the one static set allowed: an empty set answers before it touches its cache,
    /// which <see cref="Empty_api_set_caches_nothing"/> checks.
    /// </summary>
    private static bool IsNeverCaching(FieldInfo field)
        => field.DeclaringType == typeof(ApiSet) && field.Name == nameof(ApiSet.Empty);

    [Fact]
    public void Empty_api_set_caches_nothing()
    {
        var compilation = CancellationTests.Generated(1);
        var cache = (System.Collections.ICollection)typeof(ApiSet).GetField("_cache", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(ApiSet.Empty)!;
        Assert.False(ApiSet.Empty.Contains(compilation.GetSpecialType(SpecialType.System_String).GetMembers("Concat")[0]));
        Assert.Empty(cache);
    }

    /// <summary>True when the object behind <paramref name="reference"/> is collected within a few full GCs.</summary>
    internal static async Task<bool> IsCollectedAsync(WeakReference reference)
    {
        for (var attempt = 0; attempt < 10 && reference.IsAlive; attempt++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (reference.IsAlive)
            {
                // Driver tasks that saw the cancellation may still be unwinding on the pool.
                await Task.Delay(50);
            }
        }

        return !reference.IsAlive;
    }

    private static bool Pins(Type type, int depth)
    {
        if (depth > 4 || typeof(Delegate).IsAssignableFrom(type) || type == typeof(string) || type.IsPrimitive || type.IsEnum)
        {
            return false;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ConditionalWeakTable<,>))
        {
            return false;
        }

        if (s_pinning.Any(p => p.IsAssignableFrom(type)))
        {
            return true;
        }

        if (type.HasElementType && type.GetElementType() is { } element)
        {
            return Pins(element, depth + 1);
        }

        return type.IsGenericType && type.GetGenericArguments().Any(a => Pins(a, depth + 1));
    }

    public static IEnumerable<object[]> AnalyzerNames()
        => RobustnessHarness.Analyzers.Select(a => new object[] { a.GetType().Name });

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public async Task Each_analyzer_alone_keeps_no_compilation_alive(string analyzerName)
    {
        var analyzed = await AnalyzeWithAndForgetAsync(analyzerName);
        Assert.True(await IsCollectedAsync(analyzed), $"{analyzerName} keeps the compilation it analyzed alive");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> AnalyzeWithAndForgetAsync(string analyzerName)
    {
        var analyzer = RobustnessHarness.Analyzers.Single(a => a.GetType().Name == analyzerName);
        var compilation = CancellationTests.Generated(12);
        var probe = new CompilationProbe();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        _ = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer, probe), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return probe.AnalyzedCompilation!;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference Original, WeakReference Analyzed)> AnalyzeAndForgetAsync()
    {
        var compilation = CancellationTests.Generated(24);
        var probe = new CompilationProbe();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RobustnessHarness.Analyzers.Add(probe), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.NotEmpty(diagnostics);
        Assert.True(probe.Operations > 0);
        return (new WeakReference(compilation), probe.AnalyzedCompilation!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Compilation, WeakReference Context) CreateContextAndForget()
    {
        var compilation = CancellationTests.Generated(6);
        var context = AdvisorContext.For(compilation);
        Assert.Same(context, AdvisorContext.For(compilation));
        Assert.NotNull(context.Symbols.Task);
        _ = context.GetSummary<object>(typeof(NoLeakTests), (c, _) => c.Compilation.Assembly, CancellationToken.None);
        return (new WeakReference(compilation), new WeakReference(context));
    }
}
