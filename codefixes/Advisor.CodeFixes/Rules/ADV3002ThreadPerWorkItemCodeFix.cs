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
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV3002: <c>Task.Factory.StartNew(work, [token,] TaskCreationOptions.LongRunning[, TaskScheduler.Default])</c> becomes
/// <c>Offload.Blocking(work, token)</c>: the work still never runs on the ThreadPool, but on bounded dedicated threads.
/// Same result type (<c>Task</c> or <c>Task&lt;T&gt;</c>). Not offered for state overloads, delegates that return a task,
/// other schedulers, <c>AttachedToParent</c>, <c>new Task</c> or <c>new Thread</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadPerWorkItemCodeFixProvider))]
[Shared]
public sealed class ThreadPerWorkItemCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.ThreadPerItem + ".OffloadBlocking";

    // PreferFairness | LongRunning | DenyChildAttach | HideScheduler: hints Offload.Blocking makes moot.
    private const int HarmlessOptions = 1 | 2 | 8 | 16;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ThreadPerItem);

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
            if (TryRewrite(root, model, diagnostic, context.CancellationToken, out _, out _))
            {
                context.RegisterCodeFix(CreateAction("Run on Offload.Blocking", EquivalenceKey, context.Document, diagnostic), diagnostic);
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
        var any = false;
        foreach (var diagnostic in diagnostics)
        {
            if (TryRewrite(root, model, diagnostic, cancellationToken, out var node, out var replacement))
            {
                editor.ReplaceNode(node!, replacement!);
                any = true;
            }
        }

        return any ? await CpuOffload.AddUsingAsync(editor.GetChangedDocument(), "Advisor", cancellationToken).ConfigureAwait(false) : document;
    }

    private static bool TryRewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, out InvocationExpressionSyntax? node, out ExpressionSyntax? replacement)
    {
        node = null;
        replacement = null;
        if (!diagnostic.Properties.TryGetValue(ThreadPerWorkItemAnalyzer.KindProperty, out var kind) || kind != ThreadPerWorkItemAnalyzer.LongRunningKind
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || operation.TargetMethod.Name != "StartNew"
            || operation.Instance is not IPropertyReferenceOperation { Property.Name: "Factory", Instance: null } factory
            || factory.Property.ContainingType?.ToDisplayString() != "System.Threading.Tasks.Task")
        {
            return false;
        }

        ExpressionSyntax? work = null;
        ExpressionSyntax? token = null;
        foreach (var argument in operation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax { NameColon: null } syntax)
            {
                return false;
            }

            switch (argument.Parameter?.Name)
            {
                case "action" or "function":
                    if (argument.Parameter.Type is not INamedTypeSymbol { Name: "Action" or "Func" } delegateType
                        || delegateType.TypeArguments.Length > (delegateType.Name == "Func" ? 1 : 0)
                        || (delegateType.Name == "Func" && AsyncConversion.IsTaskType(delegateType.TypeArguments[0], model.Compilation)))
                    {
                        return false;
                    }

                    work = syntax.Expression;
                    break;
                case "cancellationToken":
                    token = syntax.Expression;
                    break;
                case "creationOptions":
                    if (argument.Value.ConstantValue is not { HasValue: true, Value: int flags } || (flags & ~HarmlessOptions) != 0)
                    {
                        return false;
                    }

                    break;
                case "scheduler":
                    if (argument.Value is not IPropertyReferenceOperation { Property.Name: "Default", Property.ContainingType.Name: "TaskScheduler" })
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        if (work is null)
        {
            return false;
        }

        var arguments = SyntaxFactory.SeparatedList(token is null
            ? new[] { SyntaxFactory.Argument(work.WithoutTrivia()) }
            : new[] { SyntaxFactory.Argument(work.WithoutTrivia()), SyntaxFactory.Argument(token.WithoutTrivia()) });
        node = invocation;
        replacement = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("Offload"), SyntaxFactory.IdentifierName("Blocking")),
                SyntaxFactory.ArgumentList(arguments))
            .WithTriviaFrom(invocation);
        return true;
    }
}
