using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV2003: moves a blocking call with no async counterpart onto dedicated threads:
/// <c>await Offload.Blocking(() => call, cancellationToken)</c>. Offered when Advisor.Runtime is referenced.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingApiCodeFixProvider))]
[Shared]
public sealed class BlockingApiCodeFixProvider : AdvisorCodeFixProvider
{
    internal const string EquivalenceKey = RuleIds.BlockingApi + ".Offload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingApi);

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
            if (FindNode(root, diagnostic) is { } node && OffloadRewrite.CanOffload(node, model, context.CancellationToken))
            {
                context.RegisterCodeFix(CreateAction("Offload the blocking call with Offload.Blocking", EquivalenceKey, context.Document, diagnostic), diagnostic);
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

        var nodes = diagnostics.Select(d => FindNode(root, d)).OfType<ExpressionSyntax>();
        return await OffloadRewrite.OffloadAllAsync(document, nodes, cancellationToken).ConfigureAwait(false);
    }

    internal static ExpressionSyntax? FindNode(SyntaxNode root, Diagnostic diagnostic)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
}
