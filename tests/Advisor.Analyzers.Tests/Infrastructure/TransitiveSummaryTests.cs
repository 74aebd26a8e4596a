using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Tests.Infrastructure;

public class TransitiveSummaryTests
{
    // A toy property for the tests: "calls a method named Leaf".
    private static TransitiveSummary CreateSummary(Compilation compilation)
    {
        var context = AdvisorContext.For(compilation);
        return new TransitiveSummary(
            context,
            static (method, body, ct) =>
            {
                foreach (var operation in TaskCompletion.EnumerateFunctionOperations(body))
                {
                    if (operation is IInvocationOperation { TargetMethod.Name: "Leaf" } leaf)
                    {
                        return new DirectFinding("Sink.Leaf", leaf.Syntax.GetLocation());
                    }
                }

                return null;
            },
            static method => !method.IsAsync);
    }

    private static IMethodSymbol Method(Compilation compilation, string type, string name)
        => compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().Single();

    private const string Sink = "static class Sink { public static void Leaf() { } }\n";

    [Fact]
    public async Task Chains_of_depth_one_to_five_name_every_step()
    {
        var compilation = await TestCompilation.CreateAsync(Sink + """
            class C
            {
                void D1() => Sink.Leaf();
                void D2() => D1();
                void D3() { D2(); }
                int D4 { get { D3(); return 0; } }
                void D5() { _ = D4; }
                void Clean() { }
            }
            """);
        var summary = CreateSummary(compilation);
        Assert.Equal("D1 -> Sink.Leaf", summary.Get(Method(compilation, "C", "D1"), default)!.ToString());
        Assert.Equal("D5 -> D4 -> D3 -> D2 -> D1 -> Sink.Leaf", summary.Get(Method(compilation, "C", "D5"), default)!.ToString());
        // Five methods, four calls between them, then the finding.
        Assert.Equal(4, summary.Get(Method(compilation, "C", "D5"), default)!.CallSites.Length);
        Assert.Equal(5, summary.Get(Method(compilation, "C", "D5"), default)!.AllLocations.Length);
        Assert.Null(summary.Get(Method(compilation, "C", "Clean"), default));
    }

    [Fact]
    public async Task Cycles_terminate_and_every_member_of_a_blocking_cycle_blocks()
    {
        var compilation = await TestCompilation.CreateAsync(Sink + """
            class C
            {
                void A(int n) { if (n > 0) B(n - 1); }
                void B(int n) { if (n > 0) A(n - 1); else Sink.Leaf(); }
                void Self(int n) { if (n > 0) Self(n - 1); }
                void Entry() => A(3);
            }
            """);
        var summary = CreateSummary(compilation);
        Assert.Equal("Entry -> A -> B -> Sink.Leaf", summary.Get(Method(compilation, "C", "Entry"), default)!.ToString());
        Assert.Equal("B -> Sink.Leaf", summary.Get(Method(compilation, "C", "B"), default)!.ToString());
        Assert.Null(summary.Get(Method(compilation, "C", "Self"), default));
    }

    [Fact]
    public async Task Lambdas_are_not_followed_but_local_functions_are()
    {
        var compilation = await TestCompilation.CreateAsync("using System;\nusing System.Threading.Tasks;\n" + Sink + """
            class C
            {
                void Deferred() { Action a = () => Sink.Leaf(); Task.Run(() => Sink.Leaf()); }
                void Local() { Run(); void Run() => Sink.Leaf(); }
            }
            """);
        var summary = CreateSummary(compilation);
        Assert.Null(summary.Get(Method(compilation, "C", "Deferred"), default));
        Assert.Equal("Local -> Run -> Sink.Leaf", summary.Get(Method(compilation, "C", "Local"), default)!.ToString());
    }

    [Fact]
    public async Task Virtual_calls_are_followed_only_when_the_target_is_certain()
    {
        var compilation = await TestCompilation.CreateAsync(Sink + """
            interface IOne { void Do(); }
            class OnlyImpl : IOne { public void Do() => Sink.Leaf(); }
            interface ITwo { void Do(); }
            class First : ITwo { public void Do() => Sink.Leaf(); }
            class Second : ITwo { public void Do() { } }
            class Base { public virtual void V() => Sink.Leaf(); }
            class Derived : Base { public override void V() { } }
            sealed class Sealed : Base { public override void V() => Sink.Leaf(); }
            class C
            {
                void One(IOne x) => x.Do();
                void Two(ITwo x) => x.Do();
                void Virtual(Base b) => b.V();
                void ViaSealed(Sealed s) => s.V();
                void ViaBase(Derived d) => d.V();
            }
            """);
        var summary = CreateSummary(compilation);
        Assert.Equal("One -> Do -> Sink.Leaf", summary.Get(Method(compilation, "C", "One"), default)!.ToString());
        Assert.Null(summary.Get(Method(compilation, "C", "Two"), default));
        Assert.Null(summary.Get(Method(compilation, "C", "Virtual"), default));
        Assert.Equal("ViaSealed -> V -> Sink.Leaf", summary.Get(Method(compilation, "C", "ViaSealed"), default)!.ToString());
    }

    [Fact]
    public async Task Generic_extension_and_constructor_helpers_are_followed_across_partial_files()
    {
        var compilation = await TestCompilation.CreateAsync(
            Sink + """
            static class Ext { public static T Load<T>(this string s) { Sink.Leaf(); return default!; } }
            partial class C
            {
                C(int x) { Sink.Leaf(); }
                void ViaExtension() => "x".Load<int>();
                static void ViaCtor() => new C(1).ToString();
            }
            """,
            """
            partial class C
            {
                void OtherFile() => ViaExtension();
            }
            """);
        var summary = CreateSummary(compilation);
        Assert.Equal("OtherFile -> ViaExtension -> Load -> Sink.Leaf", summary.Get(Method(compilation, "C", "OtherFile"), default)!.ToString());
        Assert.Equal("ViaCtor -> new C -> Sink.Leaf", summary.Get(Method(compilation, "C", "ViaCtor"), default)!.ToString());
    }

    [Fact]
    public async Task Concurrent_queries_agree()
    {
        var source = Sink + "class C {\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => i == 0 ? "void M0() => Sink.Leaf();" : $"void M{i}() {{ M{i - 1}(); if ({i} % 7 == 0) M{i}(); }}")) + "\n}";
        var compilation = await TestCompilation.CreateAsync(source);
        var summary = CreateSummary(compilation);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Reverse().Select(i => Task.Run(() => summary.Get(Method(compilation, "C", "M" + i), default)!.Methods.Length)));
        Assert.Equal(Enumerable.Range(1, 200).Reverse(), results);
    }
}
