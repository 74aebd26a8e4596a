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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV4002, two actions, for <c>foreach (var x in items) { ... await Call(x) ... }</c> with one awaited call that reads
/// only the loop variable and loop-invariant values:
/// <list type="bullet">
/// <item>ScatterGather (partial results): the loop runs over the items that succeeded by the deadline,
/// <c>foreach (var gathered in (await ScatterGather.WithDeadline(items, async (x, ct) =&gt; await Call(x, ct), deadline, token)).Items.Where(g =&gt; g.Succeeded))</c>,
/// with <c>var x = gathered.Item;</c> and the await replaced by <c>gathered.Value!</c>;</item>
/// <item>Task.WhenAll (all or nothing): <c>var results = await Task.WhenAll(items.Select(x =&gt; Call(x)));</c> then
/// <c>foreach (var (x, result) in items.Zip(results))</c>.</item>
/// </list>
/// A loop whose only statement is <c>await Call(x);</c> becomes one awaited fan-out.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SequentialFanOutCodeFixProvider))]
[Shared]
public sealed class SequentialFanOutCodeFixProvider : AdvisorCodeFixProvider
{
    internal const string ScatterGatherKey = RuleIds.SequentialFanOut + ".ScatterGather";
    internal const string WhenAllKey = RuleIds.SequentialFanOut + ".WhenAll";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SequentialFanOut);

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
            if (Shape.TryCreate(root, model, diagnostic, context.CancellationToken) is not { } shape)
            {
                continue;
            }

            if (shape.CanScatterGather)
            {
                context.RegisterCodeFix(CreateAction("Use ScatterGather.WithDeadline (partial results by the deadline)", ScatterGatherKey, context.Document, diagnostic), diagnostic);
            }

            context.RegisterCodeFix(CreateAction("Start the calls together with Task.WhenAll (all or nothing)", WhenAllKey, context.Document, diagnostic), diagnostic);
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

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var changed = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Shape.TryCreate(root, model, diagnostic, cancellationToken) is not { } shape)
            {
                continue;
            }

            if (equivalenceKey == ScatterGatherKey)
            {
                if (!shape.CanScatterGather)
                {
                    continue;
                }

                shape.ApplyScatterGather(editor);
            }
            else
            {
                shape.ApplyWhenAll(editor);
            }

            changed = true;
        }

        if (!changed)
        {
            return document;
        }

        var newRoot = editor.GetChangedRoot();
        if (equivalenceKey == ScatterGatherKey)
        {
            newRoot = FailureFixes.AddUsing(newRoot, "Advisor");
        }

        newRoot = FailureFixes.AddUsing(newRoot, "System.Linq");
        return document.WithSyntaxRoot(newRoot);
    }

    private sealed class Shape
    {
        private ForEachStatementSyntax _loop = null!;
        private AwaitExpressionSyntax _await = null!;
        private ExpressionSyntax _call = null!;
        private ExpressionSyntax _threadedCall = null!;
        private string _lambdaToken = null!;
        private ExpressionSyntax? _token;
        private string _deadline = null!;
        private bool _configureAwait;
        private bool _isValueTask;
        private bool _isVoid;
        private SemanticModel _model = null!;

        public bool CanScatterGather { get; private set; }

        public static Shape? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not ForEachStatementSyntax { Statement: BlockSyntax body } loop || !token.IsKind(SyntaxKind.ForEachKeyword) || loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            {
                return null;
            }

            var awaits = body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<AwaitExpressionSyntax>().ToList();
            if (awaits.Count != 1)
            {
                return null;
            }

            var awaitExpression = awaits[0];
            var operand = awaitExpression.Expression;
            var configureAwait = false;
            if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } } configure
                && configure.ArgumentList.Arguments.Count == 1 && configure.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
            {
                operand = inner;
                configureAwait = true;
            }

            if (operand is not InvocationExpressionSyntax call || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation)
            {
                return null;
            }

            // The call may read the loop variable and values from outside the loop, not locals of the body.
            foreach (var identifier in call.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                    && local.DeclaringSyntaxReferences.Any(r => body.Span.Contains(r.Span)))
                {
                    return null;
                }
            }

            var returnType = operation.TargetMethod.ReturnType as INamedTypeSymbol;
            var returnName = returnType?.OriginalDefinition.ToDisplayString();
            var isVoid = returnName is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask";
            if (returnName is not ("System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>"))
            {
                return null;
            }

            var isStatement = awaitExpression.Parent is ExpressionStatementSyntax;
            if (isStatement)
            {
                // The result is discarded: only a loop whose one statement is the await becomes a single fan-out.
                if (body.Statements.Count != 1)
                {
                    return null;
                }

                isVoid = true;
            }
            else if (isVoid)
            {
                return null;
            }

            var lambdaToken = FailureFixes.FreeName(model, loop.SpanStart, "ct", "token", "itemToken");
            diagnostic.Properties.TryGetValue(FanOut.DeadlineProperty, out var deadlineMs);
            return new Shape
            {
                _loop = loop,
                _await = awaitExpression,
                _call = call,
                _threadedCall = (ExpressionSyntax?)FailureFixes.ThreadToken(call, operation, lambdaToken, out _) ?? call,
                _lambdaToken = lambdaToken,
                _token = FailureFixes.FindToken(model, loop.SpanStart, cancellationToken),
                _deadline = FailureFixes.Deadline(deadlineMs),
                _configureAwait = configureAwait,
                _isValueTask = returnName!.StartsWith("System.Threading.Tasks.ValueTask", System.StringComparison.Ordinal),
                _isVoid = isVoid,
                _model = model,
                CanScatterGather = model.Compilation.GetTypeByMetadataName("Advisor.ScatterGather") is not null,
            };
        }

        private string Suffix => _configureAwait ? ".ConfigureAwait(false)" : string.Empty;

        private string Items => _loop.Expression.WithoutTrivia().ToFullString();

        private string Variable => _loop.Identifier.ValueText;

        private string TokenArgument => _token is null ? string.Empty : ", " + _token.ToFullString();

        public void ApplyScatterGather(DocumentEditor editor)
        {
            var lambdaBody = _isVoid
                ? "{ await " + _threadedCall.WithoutTrivia().ToFullString() + Suffix + "; return true; }"
                : "await " + _threadedCall.WithoutTrivia().ToFullString() + Suffix;
            var gather = "ScatterGather.WithDeadline(" + Items + ", async (" + Variable + ", " + _lambdaToken + ") => " + lambdaBody + ", " + _deadline + TokenArgument + ")";
            if (_isVoid)
            {
                editor.ReplaceNode(_loop, Statement("await " + gather + Suffix + ";"));
                return;
            }

            var gathered = FailureFixes.FreeName(_model, _loop.SpanStart, "gathered", "gatheredItem");
            var body = (BlockSyntax)_loop.Statement;
            body = body.ReplaceNode(_await, SyntaxFactory.ParseExpression(gathered + ".Value!").WithTriviaFrom(_await));
            var itemDeclaration = Statement("var " + Variable + " = " + gathered + ".Item;");
            body = body.WithStatements(body.Statements.Insert(0, itemDeclaration));
            var header = "foreach (var " + gathered + " in (await " + gather + Suffix + ").Items.Where(g => g.Succeeded))";
            var loop = ((CommonForEachStatementSyntax)SyntaxFactory.ParseStatement(header + " { }")).WithStatement(body);
            editor.ReplaceNode(_loop, loop.WithTriviaFrom(_loop).WithAdditionalAnnotations(Formatter.Annotation));
        }

        public void ApplyWhenAll(DocumentEditor editor)
        {
            var task = _call.WithoutTrivia().ToFullString() + (_isValueTask ? ".AsTask()" : string.Empty);
            var whenAll = "Task.WhenAll(" + Items + ".Select(" + Variable + " => " + task + "))";
            if (_isVoid)
            {
                editor.ReplaceNode(_loop, Statement("await " + whenAll + Suffix + ";"));
                return;
            }

            var results = FailureFixes.FreeName(_model, _loop.SpanStart, "results", "fanOutResults");
            var result = FailureFixes.FreeName(_model, _loop.SpanStart, "result", "fanOutResult");
            editor.InsertBefore(_loop, Statement("var " + results + " = await " + whenAll + Suffix + ";").WithLeadingTrivia(_loop.GetLeadingTrivia()));
            var body = ((BlockSyntax)_loop.Statement).ReplaceNode(_await, SyntaxFactory.IdentifierName(result).WithTriviaFrom(_await));
            var header = "foreach (var (" + Variable + ", " + result + ") in " + Items + ".Zip(" + results + "))";
            var loop = ((CommonForEachStatementSyntax)SyntaxFactory.ParseStatement(header + " { }")).WithStatement(body);
            editor.ReplaceNode(_loop, loop.WithTriviaFrom(_loop).WithAdditionalAnnotations(Formatter.Annotation));
        }

        private StatementSyntax Statement(string text)
            => SyntaxFactory.ParseStatement(text).WithTriviaFrom(_loop).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
