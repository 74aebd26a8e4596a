using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Base class of the fixers that move CPU-bound work onto <c>Offload.Cpu</c> (ADV1001, ADV1002, ADV3001): each rule only
/// says how one diagnostic becomes a <see cref="CpuOffload.Plan"/>; registering, titling and applying the plans of one
/// or many diagnostics (Fix All) is shared here.
/// </summary>
public abstract class CpuOffloadCodeFixProvider : AdvisorCodeFixProvider
{
    /// <summary>The equivalence key of this fixer's one action.</summary>
    private protected abstract string EquivalenceKey { get; }

    /// <summary>The plan for one diagnostic, or null when no fix compiles for it.</summary>
    private protected abstract CpuOffload.Plan? TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The action's title, before the "(make the handler async)" suffix a synchronous entry point adds.</summary>
    private protected abstract string Title(CpuOffload.Plan plan);

    /// <summary>True when the analyzer marked the diagnostic's function as a synchronous entry point to convert.</summary>
    private protected static bool IsSyncEntry(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(CpuBoundLoopAnalyzer.SyncEntryProperty);

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
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
                var title = Title(plan);
                context.RegisterCodeFix(CreateAction(plan.ConvertSync ? title + " (make the handler async)" : title, EquivalenceKey, context.Document, diagnostic), diagnostic);
            }
        }
    }

    internal sealed override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
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
}
