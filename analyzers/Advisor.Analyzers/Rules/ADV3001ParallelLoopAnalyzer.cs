using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV3001: <c>Parallel.For</c>, <c>Parallel.ForEach</c>, <c>Parallel.Invoke</c> or PLINQ (<c>AsParallel</c>) in
/// request-path code: entry points, async contexts and the synchronous methods the entry points reach. They block the
/// request thread and fan the work out over the same ThreadPool every request needs. <c>Parallel.ForEachAsync</c> is
/// not reported (it awaits). Work already handed to <c>Offload</c>, <c>Task.Run</c> or a background service is not
/// request path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParallelLoopAnalyzer : AdvisorAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV3001_ParallelLoop);

    internal override bool IsRelevant(AdvisorContext advisor) => advisor.Symbols.Parallel is not null || advisor.Symbols.ParallelEnumerable is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        context.RegisterOperationAction(c => Analyze(c, advisor), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        string display;
        if (SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.Parallel) && method.Name is "For" or "ForEach" or "Invoke")
        {
            display = "Parallel." + method.Name;
        }
        else if (SymbolEqualityComparer.Default.Equals(type, advisor.Symbols.ParallelEnumerable) && method.Name == "AsParallel")
        {
            display = "AsParallel";
        }
        else
        {
            return;
        }

        var model = RequestPath.For(advisor, context.Options, context.CancellationToken);
        var asyncContexts = CpuRequestPath.AsyncContextsAreRequestPath(context.Options, invocation.Syntax.SyntaxTree);
        if (model.GetRole(invocation, context.ContainingSymbol, asyncContexts) == RequestPathRole.None)
        {
            return;
        }

        var function = FunctionContext.GetEnclosingFunction(invocation, context.ContainingSymbol);
        var properties = function is not null && !advisor.IsAsyncContext(function) && CpuBoundLoopAnalyzer.IsEntry(model, function)
            ? ImmutableDictionary<string, string?>.Empty.Add(CpuBoundLoopAnalyzer.SyncEntryProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ADV3001_ParallelLoop, invocation.Syntax.GetLocation(), properties, display));
    }
}
