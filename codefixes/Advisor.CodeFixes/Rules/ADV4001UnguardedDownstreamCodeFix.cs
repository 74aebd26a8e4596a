using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.Analyzers.Rules;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV4001: wraps the downstream call in <c>Downstream.Guard("&lt;name&gt;").ExecuteAsync(async ct =&gt; await call, token)</c>.
/// The call receives the pipeline's token (replacing the token it had, or added when it takes one); the token it had,
/// else one in scope, goes to <c>ExecuteAsync</c>. A call that is not awaited where it stands keeps its type
/// (<c>.AsTask()</c> for Task-returning calls). Offered when Advisor.Runtime is referenced.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnguardedDownstreamCodeFixProvider))]
[Shared]
public sealed class UnguardedDownstreamCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.UnguardedDownstream + ".Guard";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnguardedDownstream);

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
            if (TryPlan(root, model, diagnostic, context.CancellationToken, out _, out _))
            {
                var name = diagnostic.Properties.TryGetValue(UnguardedDownstreamAnalyzer.GuardNameProperty, out var n) ? n : "downstream";
                context.RegisterCodeFix(CreateAction($"Run inside Downstream.Guard(\"{name}\")", EquivalenceKey, context.Document, diagnostic), diagnostic);
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

        var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (TryPlan(root, model, diagnostic, cancellationToken, out var target, out var replacement) && !replacements.ContainsKey(target))
            {
                replacements.Add(target, replacement);
            }
        }

        if (replacements.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        newRoot = FailureFixes.AddUsing(newRoot, "Advisor");
        return document.WithSyntaxRoot(newRoot);
    }

    private static bool TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, out SyntaxNode target, out SyntaxNode replacement)
    {
        target = null!;
        replacement = null!;
        if (model.Compilation.GetTypeByMetadataName("Advisor.Downstream") is null)
        {
            return false;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var call = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (call is null || call.Span != diagnostic.Location.SourceSpan
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation)
        {
            return false;
        }

        var returnType = operation.TargetMethod.ReturnType as INamedTypeSymbol;
        var returnName = returnType?.OriginalDefinition.ToDisplayString();
        if (returnName is not ("System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>"))
        {
            return false;
        }

        var lambdaToken = FailureFixes.FreeName(model, call.SpanStart, "ct", "token", "guardToken");
        var threaded = FailureFixes.ThreadToken(call, operation, lambdaToken, out var originalToken) ?? call;
        var outerToken = originalToken ?? FailureFixes.FindToken(model, call.SpanStart, cancellationToken);
        var name = diagnostic.Properties.TryGetValue(UnguardedDownstreamAnalyzer.GuardNameProperty, out var n) && n is not null ? n : "downstream";

        // await call / await call.ConfigureAwait(false)
        SyntaxNode awaitedNode = call;
        var configureAwait = false;
        if (call.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member
            && member.Parent is InvocationExpressionSyntax configureCall
            && configureCall.ArgumentList.Arguments.Count == 1
            && configureCall.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
        {
            awaitedNode = configureCall;
            configureAwait = true;
        }

        var parent = awaitedNode.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        var isAwaited = parent is AwaitExpressionSyntax;
        var suffix = configureAwait ? ".ConfigureAwait(false)" : string.Empty;
        var inner = threaded.WithoutTrivia().ToFullString() + suffix;
        var text = $"Downstream.Guard({SymbolDisplay.FormatLiteral(name, quote: true)}).ExecuteAsync(async {lambdaToken} => await {inner}"
                   + (outerToken is null ? ")" : ", " + outerToken.WithoutTrivia().ToFullString() + ")");
        if (isAwaited)
        {
            text += suffix;
            target = awaitedNode;
        }
        else
        {
            if (configureAwait)
            {
                return false;
            }

            if (returnName.StartsWith("System.Threading.Tasks.Task", System.StringComparison.Ordinal))
            {
                text += ".AsTask()";
            }

            target = call;
        }

        replacement = SyntaxFactory.ParseExpression(text).WithTriviaFrom(target);
        return true;
    }
}
