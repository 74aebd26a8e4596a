using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV1002: request-path code (an entry point or an async context) calls a synchronous method of this compilation that,
/// directly or through other methods, runs CPU-bound work. Reported at the call, with the chain and the reason; the work
/// inside the helper is not reported again. Calls inside a loop or call already reported by ADV1001 are left to it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CpuBoundCallAnalyzer : AdvisorAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV1002_CpuBoundCall);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        context.RegisterOperationBlockAction(c => Analyze(c, advisor));
    }

    private static void Analyze(OperationBlockAnalysisContext context, AdvisorContext advisor)
    {
        var tree = context.OperationBlocks.IsEmpty ? null : context.OperationBlocks[0].Syntax.SyntaxTree;
        if (tree is null)
        {
            return;
        }

        var model = RequestPath.For(advisor, context.Options, context.CancellationToken);
        var asyncContexts = CpuRequestPath.AsyncContextsAreRequestPath(context.Options, tree);
        CpuSettings? settings = null;
        foreach (var function in CpuRequestPath.GetFunctions(context.OperationBlocks, context.OwningSymbol, model, asyncContexts))
        {
            if (function.Role != RequestPathRole.Boundary)
            {
                continue;
            }

            settings ??= CpuSettings.Read(advisor, context.Options, tree);
            var summary = CpuRequestPath.GetSummary(advisor, settings, context.CancellationToken);
            System.Collections.Generic.List<CpuFinding>? local = null;
            var properties = function.Symbol is { } symbol && !advisor.IsAsyncContext(symbol) && CpuBoundLoopAnalyzer.IsEntry(model, symbol)
                ? ImmutableDictionary<string, string?>.Empty.Add(CpuBoundLoopAnalyzer.SyncEntryProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;
            foreach (var operation in CpuRequestPath.Operations(function.Body))
            {
                if (operation is not (IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation))
                {
                    continue;
                }

                var target = advisor.Calls.ResolveTarget(operation, context.CancellationToken);
                if (target is null
                    || (function.Symbol is not null && SymbolEqualityComparer.Default.Equals(MethodBodies.Normalize(function.Symbol), target))
                    || !CpuRequestPath.IsFollowedHelper(advisor, target)
                    || summary.Get(target, context.CancellationToken) is not { } chain)
                {
                    continue;
                }

                local ??= CpuRequestPath.GetModel(advisor, settings).Analyze(function.Symbol, function.Body, context.CancellationToken);
                if (CpuRequestPath.IsInside(operation, local))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ADV1002_CpuBoundCall,
                    operation.Syntax.GetLocation(),
                    chain.AllLocations,
                    properties,
                    CpuCostModel.DisplayName(target),
                    chain.ToString(),
                    chain.Finding.Reason ?? chain.Finding.Description));
            }
        }
    }
}
