using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.Analyzers.Infrastructure;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV4003, two actions: <c>Task.WhenAll(...)</c> becomes <c>Task.WhenAll(...).WaitAsync(deadline, token)</c> (all or
/// nothing, by the deadline), or, for <c>await Task.WhenAll(items.Select(x =&gt; call))</c>,
/// <c>(await ScatterGather.WithDeadline(items, async (x, ct) =&gt; await call, deadline, token)).Values.ToArray()</c>
/// (the results that arrived by the deadline). The deadline is <c>advisor.fan_out.deadline_ms</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FanOutWithoutDeadlineCodeFixProvider))]
[Shared]
public sealed class FanOutWithoutDeadlineCodeFixProvider : AdvisorCodeFixProvider
{
    internal const string WaitAsyncKey = RuleIds.FanOutWithoutDeadline + ".WaitAsync";
    internal const string ScatterGatherKey = RuleIds.FanOutWithoutDeadline + ".ScatterGather";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FanOutWithoutDeadline);

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
            if (TryPlan(root, model, diagnostic, ScatterGatherKey, context.CancellationToken, out _, out _))
            {
                context.RegisterCodeFix(CreateAction("Use ScatterGather.WithDeadline (results that arrive by the deadline)", ScatterGatherKey, context.Document, diagnostic), diagnostic);
            }

            if (TryPlan(root, model, diagnostic, WaitAsyncKey, context.CancellationToken, out _, out _))
            {
                context.RegisterCodeFix(CreateAction("Add a deadline with WaitAsync (all or nothing)", WaitAsyncKey, context.Document, diagnostic), diagnostic);
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

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (TryPlan(root, model, diagnostic, equivalenceKey ?? WaitAsyncKey, cancellationToken, out var target, out var replacement) && !replacements.ContainsKey(target))
            {
                replacements.Add(target, replacement);
            }
        }

        if (replacements.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        if (equivalenceKey == ScatterGatherKey)
        {
            newRoot = FailureFixes.AddUsing(FailureFixes.AddUsing(newRoot, "Advisor"), "System.Linq");
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static bool TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string key, CancellationToken cancellationToken, out SyntaxNode target, out SyntaxNode replacement)
    {
        target = null!;
        replacement = null!;
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAll || whenAll.Span != diagnostic.Location.SourceSpan)
        {
            return false;
        }

        diagnostic.Properties.TryGetValue(FanOut.DeadlineProperty, out var deadlineMs);
        var deadline = FailureFixes.Deadline(deadlineMs);
        var token = FailureFixes.FindToken(model, whenAll.SpanStart, cancellationToken);
        if (key == WaitAsyncKey)
        {
            target = whenAll;
            var text = whenAll.WithoutTrivia().ToFullString() + ".WaitAsync(" + deadline + (token is null ? ")" : ", " + token.ToFullString() + ")");
            replacement = SyntaxFactory.ParseExpression(text).WithTriviaFrom(whenAll);
            return true;
        }

        // ScatterGather: await Task.WhenAll(items.Select(x => body)) with a result array.
        if (model.Compilation.GetTypeByMetadataName("Advisor.ScatterGather") is null
            || whenAll.Parent is not AwaitExpressionSyntax awaitExpression
            || whenAll.ArgumentList.Arguments.Count != 1
            || whenAll.ArgumentList.Arguments[0].Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" } select } selectCall
            || selectCall.ArgumentList.Arguments.Count != 1
            || selectCall.ArgumentList.Arguments[0].Expression is not SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda
            || model.GetOperation(whenAll, cancellationToken) is not IInvocationOperation { TargetMethod.IsGenericMethod: true })
        {
            return false;
        }

        var call = body is AwaitExpressionSyntax { Expression: var awaited } ? awaited : body;
        var tokenName = FailureFixes.FreeName(model, lambda.Body.SpanStart, "ct", "token", "itemToken");
        var threaded = call;
        if (call is InvocationExpressionSyntax invocation && model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation)
        {
            threaded = (ExpressionSyntax?)FailureFixes.ThreadToken(invocation, operation, tokenName, out _) ?? call;
        }

        var parameter = lambda.Parameter.Identifier.ValueText;
        var gather = "ScatterGather.WithDeadline(" + select.Expression.WithoutTrivia().ToFullString()
                     + ", async (" + parameter + ", " + tokenName + ") => await " + threaded.WithoutTrivia().ToFullString()
                     + ", " + deadline + (token is null ? ")" : ", " + token.ToFullString() + ")");
        target = awaitExpression;
        replacement = SyntaxFactory.ParseExpression("(await " + gather + ").Values.ToArray()").WithTriviaFrom(awaitExpression);
        return true;
    }
}
