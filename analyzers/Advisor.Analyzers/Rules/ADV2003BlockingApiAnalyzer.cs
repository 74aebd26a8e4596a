using System.Collections.Immutable;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Rules;

/// <summary>
/// ADV2003: a call, in an async context, to an API that blocks and has no async counterpart: Advisor's built-in
/// catalogue, <c>advisor.blocking.*.txt</c> AdditionalFiles, the <c>advisor.blocking_apis</c> key, or
/// <c>[Blocking]</c> (<see cref="BlockingCatalogue"/>). Zero timeouts are polls and are not reported; neither is work
/// already handed to <c>Offload</c> or <c>Task.Run</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingApiAnalyzer : AdvisorAnalyzer
{
    /// <summary>Diagnostic property: the <see cref="BlockingApiSource"/> that listed the API.</summary>
    internal const string SourceProperty = "Source";

    private static readonly ImmutableDictionary<string, string?>[] s_properties = CreateProperties();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ADV2003_BlockingApi);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, AdvisorContext advisor)
    {
        var calls = BlockingCalls.For(advisor, context.Options, context.CancellationToken);
        context.RegisterOperationAction(
            c => Analyze(c, advisor, calls),
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.PropertyReference);
    }

    private static void Analyze(OperationAnalysisContext context, AdvisorContext advisor, BlockingCalls calls)
    {
        var operation = context.Operation;
        if (operation is IPropertyReferenceOperation property && (IsWrite(property) || property.Parent is INameOfOperation))
        {
            return;
        }

        if (calls.Catalogue.Classify(operation) is not { } source
            || calls.Find(operation) is not { Kind: BlockingCallKind.Catalogue }
            || !advisor.IsAsyncContext(FunctionContext.GetEnclosingFunction(operation, context.ContainingSymbol))
            || calls.IsOffloaded(operation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ADV2003_BlockingApi,
            operation.Syntax.GetLocation(),
            s_properties[(int)source],
            BlockingCatalogue.Describe(BlockingCalls.MemberOf(operation)!)));
    }

    private static bool IsWrite(IPropertyReferenceOperation property)
        => property.Parent is IAssignmentOperation assignment && assignment.Target == property;

    private static ImmutableDictionary<string, string?>[] CreateProperties()
    {
        var values = (BlockingApiSource[])System.Enum.GetValues(typeof(BlockingApiSource));
        var result = new ImmutableDictionary<string, string?>[values.Length];
        foreach (var value in values)
        {
            result[(int)value] = ImmutableDictionary<string, string?>.Empty
                .Add(BlockingCalls.KindProperty, nameof(BlockingCallKind.Catalogue))
                .Add(SourceProperty, value.ToString());
        }

        return result;
    }
}
