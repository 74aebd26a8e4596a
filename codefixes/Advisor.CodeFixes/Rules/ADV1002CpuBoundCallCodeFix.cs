using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.Analyzers.Rules;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV1002: wraps the call into the CPU-bound helper in <c>await Offload.Cpu(() => Helper(...), token)</c>. A
/// synchronous entry point becomes <c>async Task&lt;T&gt;</c>. No fix when the call passes ref/out arguments or spans.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CpuBoundCallCodeFixProvider))]
[Shared]
public sealed class CpuBoundCallCodeFixProvider : CpuOffloadCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CpuBoundCall);

    private protected override string EquivalenceKey => RuleIds.CpuBoundCall + ".OffloadCpu";

    private protected override string Title(CpuOffload.Plan plan) => "Run the call on Offload.Cpu";

    private protected override CpuOffload.Plan? TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax call
           && CpuOffload.TryPlanCall(call, model, IsSyncEntry(diagnostic), cancellationToken, out var plan)
            ? plan
            : null;
}
