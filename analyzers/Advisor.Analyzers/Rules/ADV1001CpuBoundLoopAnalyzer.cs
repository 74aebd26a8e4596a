using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV1001: CPU-bound work inline in request-path code (an entry point or an async context): the outermost loop nest
/// the cost model (<see cref="CpuCostModel"/>) judges CPU-bound, a single CPU-heavy call, or recursion that follows
/// the input. Reported at the loop keyword or the call. Work inside synchronous helpers is reported at the call into
/// the helper instead (ADV1002).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CpuBoundLoopAnalyzer : AdvisorAnalyzer
{
    internal const string KindProperty = "Kind";

    /// <summary>Set when the finding sits in a synchronous entry point: the fix may convert it to async.</summary>
    internal const string SyncEntryProperty = "SyncEntry";

    private static readonly ImmutableDictionary<string, string?>[] s_properties =
    {
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(CpuWorkKind.Loop)),
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(CpuWorkKind.Call)),
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, nameof(CpuWorkKind.Recursion)),
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV1001_CpuBoundLoop);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        context.RegisterOperationBlockAction(c => Analyze(c, advisor));
    }

    internal static bool IsEntry(RequestPath model, IMethodSymbol function)
        => function.MethodKind == MethodKind.AnonymousFunction ? model.GetEntryPoint(function) is not null : model.IsEntryPoint(function);

    private static void Analyze(OperationBlockAnalysisContext context, AdvisorContext advisor)
    {
        var tree = context.OperationBlocks.IsEmpty ? null : context.OperationBlocks[0].Syntax.SyntaxTree;
        if (tree is null)
        {
            return;
        }

        var model = RequestPath.For(advisor, context.Options, context.CancellationToken);
        var asyncContexts = CpuRequestPath.AsyncContextsAreRequestPath(context.Options, tree);
        CpuCostModel? costs = null;
        foreach (var function in CpuRequestPath.GetFunctions(context.OperationBlocks, context.OwningSymbol, model, asyncContexts))
        {
            if (function.Role != RequestPathRole.Boundary)
            {
                continue;
            }

            costs ??= CpuRequestPath.GetModel(advisor, CpuSettings.Read(advisor, context.Options, tree));
            var syncEntry = function.Symbol is { } symbol && !advisor.IsAsyncContext(symbol) && IsEntry(model, symbol);
            foreach (var finding in costs.Analyze(function.Symbol, function.Body, context.CancellationToken))
            {
                var subject = finding.Kind switch
                {
                    CpuWorkKind.Loop => finding.Description == "nested loops" ? "This loop nest" : "This loop",
                    CpuWorkKind.Recursion => "This recursive call",
                    _ => "'" + finding.Description + "'",
                };
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ADV1001_CpuBoundLoop,
                    finding.Location,
                    syncEntry ? s_properties[(int)finding.Kind].Add(SyncEntryProperty, "true") : s_properties[(int)finding.Kind],
                    subject,
                    finding.Reason));
            }
        }
    }
}
