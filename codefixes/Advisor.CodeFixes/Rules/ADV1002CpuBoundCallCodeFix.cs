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
public sealed class CpuBoundCallCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.CpuBoundCall + ".OffloadCpu";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CpuBoundCall);

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
                var title = plan.ConvertSync ? "Run the call on Offload.Cpu (make the handler async)" : "Run the call on Offload.Cpu";
                context.RegisterCodeFix(CreateAction(title, EquivalenceKey, context.Document, diagnostic), diagnostic);
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
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax call
           && CpuOffload.TryPlanCall(call, model, diagnostic.Properties.ContainsKey(CpuBoundLoopAnalyzer.SyncEntryProperty), cancellationToken, out var plan)
            ? plan
            : null;
}
