using System;
using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV2001: replaces a blocking wait with an await. <c>t.Result</c>, <c>t.Wait()</c> and
/// <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>; <c>t.Wait(ct)</c> becomes <c>await t.WaitAsync(ct)</c>;
/// <c>Task.WaitAll(...)</c> becomes <c>await Task.WhenAll(...)</c>; <c>Task.WaitAny(...)</c> becomes
/// <c>await Task.WhenAny(...)</c>. A task-returning function that is not async is made async.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingWaitCodeFixProvider))]
[Shared]
public sealed class BlockingWaitCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.BlockingWait + ".Await";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingWait);

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
            if (TryPlan(root, model, diagnostic, context.CancellationToken, out var plan))
            {
                context.RegisterCodeFix(CreateAction(plan.Title, EquivalenceKey, context.Document, diagnostic), diagnostic);
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

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var functions = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (!TryPlan(root, model, diagnostic, cancellationToken, out var plan))
            {
                continue;
            }

            editor.ReplaceNode(plan.Node, (current, _) => plan.Rewrite((ExpressionSyntax)current));
            functions.Add(plan.Function);
        }

        foreach (var function in functions)
        {
            AsyncConversion.MakeAsync(editor, function, model, cancellationToken);
        }

        return editor.GetChangedDocument();
    }

    private readonly struct Plan
    {
        public Plan(ExpressionSyntax node, SyntaxNode function, string title, Func<ExpressionSyntax, SyntaxNode> rewrite)
        {
            Node = node;
            Function = function;
            Title = title;
            Rewrite = rewrite;
        }

        public ExpressionSyntax Node { get; }

        public SyntaxNode Function { get; }

        public string Title { get; }

        public Func<ExpressionSyntax, SyntaxNode> Rewrite { get; }
    }

    private static bool TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, out Plan plan)
    {
        plan = default;
        if (!diagnostic.Properties.TryGetValue(BlockingWaitAnalyzer.KindProperty, out var kindText)
            || !Enum.TryParse<BlockingWaitKind>(kindText, out var kind)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node
            || !AsyncConversion.CanAwaitAt(node, model, cancellationToken)
            || AsyncConversion.GetEnclosingFunction(node) is not { } function)
        {
            return false;
        }

        var original = node;
        switch (kind)
        {
            case BlockingWaitKind.Result when node is MemberAccessExpressionSyntax:
                plan = new Plan(node, function, "Await the task", current => AsyncConversion.Await(((MemberAccessExpressionSyntax)current).Expression.WithTriviaFrom(current), original));
                return true;

            case BlockingWaitKind.Wait when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }:
                plan = new Plan(node, function, "Await the task", current => AsyncConversion.Await(Receiver(current).WithTriviaFrom(current), original));
                return true;

            case BlockingWaitKind.WaitWithToken when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } && HasTaskMember(model, "WaitAsync"):
                plan = new Plan(node, function, "Await the task with WaitAsync", current => AsyncConversion.Await(Rename((InvocationExpressionSyntax)current, "WaitAsync"), original));
                return true;

            case BlockingWaitKind.GetResult
                when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } } }:
                plan = new Plan(node, function, "Await the task", current => AsyncConversion.Await(Receiver(Receiver(current)).WithTriviaFrom(current), original));
                return true;

            case BlockingWaitKind.WaitAll when node is InvocationExpressionSyntax waitAll && OnlyTaskArguments(waitAll, model, cancellationToken):
                plan = new Plan(node, function, "Await Task.WhenAll", current => AsyncConversion.Await(Rename((InvocationExpressionSyntax)current, "WhenAll"), original));
                return true;

            case BlockingWaitKind.WaitAny when node is InvocationExpressionSyntax waitAny && OnlyTaskArguments(waitAny, model, cancellationToken):
                if (node.Parent is ExpressionStatementSyntax)
                {
                    plan = new Plan(node, function, "Await Task.WhenAny", current => AsyncConversion.Await(Rename((InvocationExpressionSyntax)current, "WhenAny"), original));
                    return true;
                }

                // int i = Task.WaitAny(tasks);  =>  int i = Array.IndexOf(tasks, await Task.WhenAny(tasks));
                if (waitAny.ArgumentList.Arguments.Count == 1
                    && waitAny.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }
                    && model.GetTypeInfo(waitAny.ArgumentList.Arguments[0].Expression, cancellationToken).Type is IArrayTypeSymbol)
                {
                    plan = new Plan(node, function, "Await Task.WhenAny", current => IndexOfWhenAny((InvocationExpressionSyntax)current));
                    return true;
                }

                return false;

            default:
                return false;
        }
    }

    private static ExpressionSyntax Receiver(ExpressionSyntax invocation)
        => ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)invocation).Expression).Expression;

    private static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string name)
    {
        var memberAccess = (MemberAccessExpressionSyntax)invocation.Expression;
        return invocation.WithExpression(memberAccess.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(memberAccess.Name)));
    }

    private static ExpressionSyntax IndexOfWhenAny(InvocationExpressionSyntax current)
    {
        var array = current.ArgumentList.Arguments[0].Expression.WithoutTrivia();
        var arrayIndexOf = SyntaxFactory.ParseExpression("System.Array.IndexOf").WithAdditionalAnnotations(Simplifier.Annotation);
        var whenAny = AsyncConversion.Await(Rename(current.WithoutTrivia(), "WhenAny"));
        return SyntaxFactory.InvocationExpression(
                arrayIndexOf,
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(array), SyntaxFactory.Argument(whenAny) })))
            .WithTriviaFrom(current);
    }

    /// <summary>WaitAll/WaitAny overloads without a timeout or token map one to one onto WhenAll/WhenAny.</summary>
    private static bool OnlyTaskArguments(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        => model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 1 } method
           && method.Parameters[0].Type is IArrayTypeSymbol or INamedTypeSymbol { IsGenericType: true };

    private static bool HasTaskMember(SemanticModel model, string name)
        => model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task")?.GetMembers(name).Any(m => m is IMethodSymbol { Parameters.Length: 1 }) == true;
}
