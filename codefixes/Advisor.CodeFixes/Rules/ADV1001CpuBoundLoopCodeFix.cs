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
public sealed class CpuBoundLoopCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.CpuBoundLoop + ".OffloadCpu";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CpuBoundLoop);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (TryPlan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                var title = plan.Target is StatementSyntax ? "Run the loop on Offload.Cpu" : "Run the call on Offload.Cpu";
                context.RegisterCodeFix(CreateAction(plan.ConvertSync ? title + " (make the handler async)" : title, EquivalenceKey, context.Document, diagnostic), diagnostic);
            }
        }
    }

    internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plans = new List<CpuOffload.Plan>();
        foreach (var diagnostic in diagnostics)
        {
            if (TryPlan(root, model, diagnostic, cancellationToken) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return await CpuOffload.ApplyAsync(document, plans, model, cancellationToken).ConfigureAwait(false);
    }

    private static CpuOffload.Plan? TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(CpuBoundLoopAnalyzer.KindProperty, out var kindText)
            || !Enum.TryParse<CpuWorkKind>(kindText, out var kind))
        {
            return null;
        }

        var syncEntry = diagnostic.Properties.ContainsKey(CpuBoundLoopAnalyzer.SyncEntryProperty);
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
