using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.Analyzers.Infrastructure;
using Advisor.Analyzers.Rules;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV1001: moves the CPU-bound loop into <c>await Offload.Cpu(() => { ... }, token)</c>, or wraps the heavy call in
/// <c>await Offload.Cpu(() => Call(...), token)</c>. A synchronous entry point becomes <c>async Task&lt;T&gt;</c>.
/// Recursion gets no fix (offloading one recursive step is not the answer; offload the call into it).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CpuBoundLoopCodeFixProvider))]
[Shared]
public sealed class CpuBoundLoopCodeFixProvider : CpuOffloadCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CpuBoundLoop);

    private protected override string EquivalenceKey => RuleIds.CpuBoundLoop + ".OffloadCpu";

    private protected override string Title(CpuOffload.Plan plan)
        => plan.Target is StatementSyntax ? "Run the loop on Offload.Cpu" : "Run the call on Offload.Cpu";

    private protected override CpuOffload.Plan? TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(CpuBoundLoopAnalyzer.KindProperty, out var kindText)
            || !Enum.TryParse<CpuWorkKind>(kindText, out var kind))
        {
            return null;
        }

        var syncEntry = IsSyncEntry(diagnostic);
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        CpuOffload.Plan? plan;
        switch (kind)
        {
            case CpuWorkKind.Loop:
                var loop = node.FirstAncestorOrSelf<StatementSyntax>(s => s is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
                return loop is not null && CpuOffload.TryPlanStatement(loop, model, syncEntry, cancellationToken, out plan) ? plan : null;
            case CpuWorkKind.Call when node is ExpressionSyntax call:
                return CpuOffload.TryPlanCall(call, model, syncEntry, cancellationToken, out plan) ? plan : null;
            default:
                return null;
        }
    }
}
