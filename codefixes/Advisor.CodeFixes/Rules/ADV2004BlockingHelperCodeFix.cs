using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// ADV2004, two fixes at the boundary:
/// <list type="bullet">
/// <item>offload the call to the helper: <c>await Offload.Blocking(() => LoadReport(), cancellationToken)</c>;</item>
/// <item>when the helper chain is private to the document and its blocking call has an async twin, make the chain async:
/// the blocking call awaits its twin, every helper becomes <c>async Task</c>/<c>Task&lt;T&gt;</c> named <c>...Async</c>, and
/// every caller in the document awaits it, cascading through private synchronous callers (<see cref="HelperChainConversion"/>).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingHelperCodeFixProvider))]
[Shared]
public sealed class BlockingHelperCodeFixProvider : AdvisorCodeFixProvider
{
    internal const string OffloadKey = RuleIds.BlockingHelper + ".Offload";
    internal const string MakeAsyncKey = RuleIds.BlockingHelper + ".MakeAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingHelper);

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
            if (CanMakeAsync(diagnostic) && HelperChainConversion.TryPlan(root, model, ImmutableArray.Create(diagnostic), context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(CreateAction("Make the helper chain async", MakeAsyncKey, context.Document, diagnostic), diagnostic);
            }

            if (BlockingApiCodeFixProvider.FindNode(root, diagnostic) is { } node && OffloadRewrite.CanOffload(node, model, context.CancellationToken))
            {
                context.RegisterCodeFix(CreateAction("Offload the call with Offload.Blocking", OffloadKey, context.Document, diagnostic), diagnostic);
            }
        }
    }

    internal override async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        if (string.Equals(equivalenceKey, MakeAsyncKey, StringComparison.Ordinal))
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var convertible = diagnostics.Where(CanMakeAsync).ToImmutableArray();
            return model is not null && HelperChainConversion.TryPlan(root, model, convertible, cancellationToken) is { } plan
                ? await plan.ApplyAsync(document, cancellationToken).ConfigureAwait(false)
                : document;
        }

        var nodes = diagnostics.Select(d => BlockingApiCodeFixProvider.FindNode(root, d)).OfType<ExpressionSyntax>();
        return await OffloadRewrite.OffloadAllAsync(document, nodes, cancellationToken).ConfigureAwait(false);
    }

    private static bool CanMakeAsync(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(BlockingHelperAnalyzer.CanMakeAsyncProperty, out var value) && value == "True"
           && diagnostic.Properties.TryGetValue(BlockingCalls.KindProperty, out var kind) && kind == nameof(BlockingCallKind.AsyncTwin);
}
