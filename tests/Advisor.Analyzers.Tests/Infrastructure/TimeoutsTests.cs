using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Tests.Infrastructure;

public class TimeoutsTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M(Task task, SemaphoreSlim gate, ManualResetEvent signal, object o, int n)
            {
                task.Wait(0);
                gate.Wait(TimeSpan.Zero);
                signal.WaitOne(0);
                Monitor.TryEnter(o, 0);
                Thread.Sleep(TimeSpan.FromMilliseconds(0));
                gate.Wait(default(TimeSpan));
                task.Wait(1);
                gate.Wait(n);
                signal.WaitOne();
                Monitor.TryEnter(o, TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
        }
        """;

    [Fact]
    public async Task Zero_timeouts_are_recognised_and_others_are_not()
    {
        var compilation = await TestCompilation.CreateAsync(Source);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var calls = tree.GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>()
            .Select(s => (Text: s.Expression.ToString(), Zero: Timeouts.HasZeroTimeout((IInvocationOperation)model.GetOperation(s.Expression)!)))
            .ToList();

        Assert.Equal(
            new[]
            {
                ("task.Wait(0)", true),
                ("gate.Wait(TimeSpan.Zero)", true),
                ("signal.WaitOne(0)", true),
                ("Monitor.TryEnter(o, 0)", true),
                ("Thread.Sleep(TimeSpan.FromMilliseconds(0))", true),
                ("gate.Wait(default(TimeSpan))", true),
                ("task.Wait(1)", false),
                ("gate.Wait(n)", false),
                ("signal.WaitOne()", false),
                ("Monitor.TryEnter(o, TimeSpan.FromSeconds(1))", false),
                ("Thread.Sleep(10)", false),
            },
            calls);
    }
}
