using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV2004: async code calls a synchronous method of this compilation that blocks, directly or through the methods it
/// calls (<see cref="BlockingSummary"/>). Reported at the call in the async context (the boundary), naming the chain,
/// with the calls along it and the blocking call as additional locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingHelperAnalyzer : AdvisorAnalyzer
{
    /// <summary>Diagnostic property, present with "True" when every method of the chain is a private method of the
    /// call's document and the blocking call has an async twin: the helper chain can be made async.</summary>
    internal const string CanMakeAsyncProperty = "CanMakeAsync";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV2004_BlockingHelper);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var summary = BlockingSummary.For(advisor, context.Options, context.CancellationToken);
        context.RegisterOperationAction(
            c => Analyze(c, advisor, summary),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, BlockingSummary summary)
    {
        var operation = context.Operation;
        if (operation is IPropertyReferenceOperation { Parent: INameOfOperation })
        {
            return;
        }

        if (!advisor.IsAsyncContext(FunctionContext.GetEnclosingFunction(operation, context.ContainingSymbol))
            || advisor.Calls.ResolveTarget(operation, context.CancellationToken) is not { } target
            || summary.Calls.Catalogue.Classify(operation) is not null
            || summary.Calls.IsOffloaded(operation)
            || summary.Get(target, context.CancellationToken) is not { } chain)
        {
            return;
        }

        var kind = summary.KindOf(chain);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(BlockingCalls.KindProperty, kind.ToString());
        if (kind == BlockingCallKind.AsyncTwin && IsPrivateChainIn(chain, operation.Syntax.SyntaxTree))
        {
            properties = properties.Add(CanMakeAsyncProperty, "True");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ADV2004_BlockingHelper,
            operation.Syntax.GetLocation(),
            chain.AllLocations,
            properties,
            Display(chain.Methods[0]),
            chain.ToString()));
    }

    private static bool IsPrivateChainIn(CallChain chain, SyntaxTree tree)
    {
        foreach (var method in chain.Methods)
        {
            if (method is not { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private, IsOverride: false, IsVirtual: false, IsAbstract: false }
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].SyntaxTree != tree)
            {
                return false;
            }
        }

        return true;
    }

    private static string Display(IMethodSymbol method)
        => method.MethodKind switch
        {
            MethodKind.Constructor => "new " + method.ContainingType.Name,
            MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
            _ => method.Name,
        };
}
