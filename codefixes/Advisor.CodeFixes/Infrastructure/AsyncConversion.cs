using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Shared by every fix that introduces an <c>await</c>: finds the function the await lands in, decides whether an
/// await is legal there, and turns a task-returning function that is not <c>async</c> into one that is (adding the
/// modifier and rewriting its return statements so the result still compiles).
/// </summary>
internal static class AsyncConversion
{
    /// <summary>The innermost method, local function, lambda, anonymous method or accessor containing <paramref name="node"/>.</summary>
    public static SyntaxNode? GetEnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case BaseMethodDeclarationSyntax:
                case AccessorDeclarationSyntax:
                case PropertyDeclarationSyntax { ExpressionBody: not null }:
                case IndexerDeclarationSyntax { ExpressionBody: not null }:
                case CompilationUnitSyntax:
                    return current;
                case TypeDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// True when an <c>await</c> may replace <paramref name="node"/>: its function is async already or can be made
    /// async, and the node is not in a lock, a catch filter, a query clause or an unsafe context.
    /// </summary>
    public static bool CanAwaitAt(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var function = GetEnclosingFunction(node);
        if (function is null)
        {
            return false;
        }

        for (var current = node.Parent; current is not null && current != function; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax:
                case CatchFilterClauseSyntax:
                case QueryClauseSyntax:
                case SelectOrGroupClauseSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                    return false;
            }
        }

        if (function is CompilationUnitSyntax)
        {
            // Top-level statements become async as soon as they contain an await.
            return true;
        }

        return IsAsync(function) || CanMakeAsync(function, model, cancellationToken);
    }

    public static bool IsAsync(SyntaxNode function)
        => function switch
        {
            AnonymousFunctionExpressionSyntax anonymous => anonymous.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            CompilationUnitSyntax => true,
            _ => false,
        };

    /// <summary>
    /// A function that returns Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; without being async can take the
    /// <c>async</c> modifier, unless it has by-ref parameters, ref or ref-struct locals, unsafe code, or is an
    /// iterator. Accessors, constructors and operators cannot be async.
    /// </summary>
    public static bool CanMakeAsync(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
        {
            return false;
        }

        if (function is MethodDeclarationSyntax { Body: null, ExpressionBody: null })
        {
            return false;
        }

        var symbol = GetFunctionSymbol(function, model, cancellationToken);
        if (symbol is null || !IsTaskType(symbol.ReturnType, model.Compilation))
        {
            return false;
        }

        foreach (var parameter in symbol.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol)
            {
                return false;
            }
        }

        if (function is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            return false;
        }

        foreach (var descendant in BodyNodes(function))
        {
            switch (descendant)
            {
                case YieldStatementSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                case RefExpressionSyntax:
                    return false;
                case VariableDeclarationSyntax declaration:
                    if (declaration.Type is RefTypeSyntax or PointerTypeSyntax)
                    {
                        return false;
                    }

                    var type = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
                    if (type is { IsRefLikeType: true } or IPointerTypeSymbol)
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// Registers, on <paramref name="editor"/>, the edits that make <paramref name="function"/> async: the modifier and
    /// the return statements (<c>return Task.FromResult(x)</c> becomes <c>return x</c>, <c>return Task.CompletedTask</c>
    /// becomes <c>return</c>, <c>return task</c> becomes <c>return await task</c>). Composes with edits already
    /// registered inside the function. Does nothing when the function is async already.
    /// </summary>
    public static void MakeAsync(DocumentEditor editor, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (IsAsync(function) || function is CompilationUnitSyntax)
        {
            return;
        }

        var symbol = GetFunctionSymbol(function, model, cancellationToken);
        if (symbol is null)
        {
            return;
        }

        var returnsValue = symbol.ReturnType is INamedTypeSymbol { IsGenericType: true };

        foreach (var node in BodyNodes(function))
        {
            if (node is ReturnStatementSyntax { Expression: { } expression } returnStatement)
            {
                var kind = ClassifyReturn(expression, model, returnsValue, cancellationToken);
                editor.ReplaceNode(returnStatement, (current, _) => RewriteReturn((ReturnStatementSyntax)current, kind, returnsValue, IsLastStatement(returnStatement, function)));
            }
        }

        var expressionBody = GetExpressionBody(function);
        if (expressionBody is not null)
        {
            var kind = ClassifyReturn(expressionBody, model, returnsValue, cancellationToken);
            if (kind != ReturnKind.Await || returnsValue)
            {
                editor.ReplaceNode(expressionBody, (current, _) => RewriteExpressionBody((ExpressionSyntax)current, kind));
            }
            else
            {
                // A non-generic task-returning expression body: `=> DoAsync()` becomes `=> await DoAsync()`.
                editor.ReplaceNode(expressionBody, (current, _) => Await((ExpressionSyntax)current, expressionBody));
            }

            if (kind == ReturnKind.Completed)
            {
                // `Task M() => Task.CompletedTask` has nothing left to say: give it an empty block body.
                editor.ReplaceNode(function, (current, _) => ToEmptyBlockBody(current));
            }
        }

        editor.ReplaceNode(function, (current, _) => AddAsyncModifier(current));
    }

    /// <summary>
    /// <c>await expression</c> in place of <paramref name="original"/>, keeping its trivia, parenthesised only where
    /// the surrounding syntax binds tighter than a unary operator (<c>(await t).Length</c>).
    /// </summary>
    public static ExpressionSyntax Await(ExpressionSyntax expression, SyntaxNode? original = null)
    {
        var awaitExpression = SyntaxFactory.AwaitExpression(
            SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            expression.WithoutTrivia());
        ExpressionSyntax result = NeedsParentheses(original ?? expression)
            ? SyntaxFactory.ParenthesizedExpression(awaitExpression)
            : awaitExpression;
        return result.WithTriviaFrom(expression);
    }

    /// <summary>True when an await expression put in place of <paramref name="node"/> must be parenthesised.</summary>
    public static bool NeedsParentheses(SyntaxNode node)
        => node.Parent switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.Expression == node,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == node,
            ElementAccessExpressionSyntax elementAccess => elementAccess.Expression == node,
            InvocationExpressionSyntax invocation => invocation.Expression == node,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };

    public static IMethodSymbol? GetFunctionSymbol(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        => function is AnonymousFunctionExpressionSyntax
            ? model.GetSymbolInfo(function, cancellationToken).Symbol as IMethodSymbol
            : model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol;

    public static bool IsTaskType(ITypeSymbol? type, Compilation compilation)
    {
        if (type is not INamedTypeSymbol named || named.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
        {
            return false;
        }

        return named.OriginalDefinition.MetadataName is "Task" or "Task`1" or "ValueTask" or "ValueTask`1";
    }

    /// <summary>The nodes of the function body, excluding nested functions.</summary>
    public static IEnumerable<SyntaxNode> BodyNodes(SyntaxNode function)
    {
        SyntaxNode? body = function switch
        {
            AnonymousFunctionExpressionSyntax anonymous => anonymous.Body,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            _ => function,
        };

        if (body is null)
        {
            yield break;
        }

        foreach (var node in body.DescendantNodesAndSelf(n => n == body || !IsFunction(n)))
        {
            if (node != body && IsFunction(node))
            {
                continue;
            }

            yield return node;
        }
    }

    private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private enum ReturnKind
    {
        /// <summary>return Task.FromResult(x) / new ValueTask&lt;T&gt;(x) / ValueTask.FromResult(x): return x.</summary>
        Unwrap,

        /// <summary>return Task.CompletedTask / default / new ValueTask(): return.</summary>
        Completed,

        /// <summary>return Task.FromException(e): throw e.</summary>
        Throw,

        /// <summary>Anything else: return await x (or await x; return; for non-generic tasks).</summary>
        Await,
    }

    private static ReturnKind ClassifyReturn(ExpressionSyntax expression, SemanticModel model, bool returnsValue, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(expression, cancellationToken);
        while (operation is Microsoft.CodeAnalysis.Operations.IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        switch (operation)
        {
            case Microsoft.CodeAnalysis.Operations.IInvocationOperation { Instance: null } invocation
                when IsTaskType(invocation.TargetMethod.ContainingType, model.Compilation):
                if (invocation.TargetMethod.Name == "FromResult" && returnsValue && invocation.Arguments.Length == 1)
                {
                    return ReturnKind.Unwrap;
                }

                if (invocation.TargetMethod.Name == "FromException" && invocation.Arguments.Length == 1)
                {
                    return ReturnKind.Throw;
                }

                break;
            case Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation { Instance: null, Property.Name: "CompletedTask" } property
                when !returnsValue && IsTaskType(property.Property.ContainingType, model.Compilation):
                return ReturnKind.Completed;
            case Microsoft.CodeAnalysis.Operations.IDefaultValueOperation when !returnsValue:
                return ReturnKind.Completed;
            case Microsoft.CodeAnalysis.Operations.IObjectCreationOperation creation
                when IsTaskType(creation.Type, model.Compilation) && creation.Type!.IsValueType:
                if (!returnsValue && creation.Arguments.Length == 0)
                {
                    return ReturnKind.Completed;
                }

                if (returnsValue && creation.Arguments.Length == 1 && !IsTaskType(creation.Arguments[0].Value.Type, model.Compilation)
                    && creation.Arguments[0].Value.Type?.TypeKind != TypeKind.Interface)
                {
                    return ReturnKind.Unwrap;
                }

                break;
        }

        return ReturnKind.Await;
    }

    private static SyntaxNode RewriteReturn(ReturnStatementSyntax current, ReturnKind kind, bool returnsValue, bool isLast)
    {
        var expression = current.Expression!;
        switch (kind)
        {
            case ReturnKind.Unwrap:
                return current.WithExpression(FirstArgument(expression).WithTriviaFrom(expression));
            case ReturnKind.Completed:
                return current.WithExpression(null).WithReturnKeyword(current.ReturnKeyword.WithTrailingTrivia());
            case ReturnKind.Throw:
                return SyntaxFactory.ThrowStatement(FirstArgument(expression).WithLeadingTrivia(SyntaxFactory.Space)).WithTriviaFrom(current);
            default:
                if (returnsValue)
                {
                    return current.WithExpression(Await(expression));
                }

                // async Task: `return task;` becomes `await task;` (+ `return;` unless it was the last statement).
                var awaitStatement = SyntaxFactory.ExpressionStatement(Await(expression.WithoutLeadingTrivia()));
                if (isLast)
                {
                    return awaitStatement.WithTriviaFrom(current);
                }

                return SyntaxFactory.Block(awaitStatement, SyntaxFactory.ReturnStatement())
                    .WithTriviaFrom(current)
                    .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }

    private static SyntaxNode RewriteExpressionBody(ExpressionSyntax current, ReturnKind kind)
        => kind switch
        {
            ReturnKind.Unwrap => FirstArgument(current).WithTriviaFrom(current),
            ReturnKind.Throw => SyntaxFactory.ThrowExpression(FirstArgument(current)).WithTriviaFrom(current),
            ReturnKind.Completed => current,
            _ => Await(current, current),
        };

    private static ExpressionSyntax FirstArgument(ExpressionSyntax expression)
        => expression switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments[0].Expression,
            BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } => arguments.Arguments[0].Expression,
            _ => expression,
        };

    private static bool IsLastStatement(ReturnStatementSyntax returnStatement, SyntaxNode function)
    {
        var body = function switch
        {
            AnonymousFunctionExpressionSyntax anonymous => anonymous.Body as BlockSyntax,
            LocalFunctionStatementSyntax local => local.Body,
            BaseMethodDeclarationSyntax method => method.Body,
            _ => null,
        };

        return body is not null && body.Statements.LastOrDefault() == returnStatement;
    }

    private static ExpressionSyntax? GetExpressionBody(SyntaxNode function)
        => function switch
        {
            AnonymousFunctionExpressionSyntax { Body: ExpressionSyntax expression } => expression,
            LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            _ => null,
        };

    private static SyntaxNode ToEmptyBlockBody(SyntaxNode current)
    {
        var block = SyntaxFactory.Block().WithAdditionalAnnotations(Formatter.Annotation);
        return current switch
        {
            MethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            ParenthesizedLambdaExpressionSyntax lambda => lambda.WithExpressionBody(null).WithBlock(block),
            SimpleLambdaExpressionSyntax lambda => lambda.WithExpressionBody(null).WithBlock(block),
            _ => current,
        };
    }

    private static SyntaxNode AddAsyncModifier(SyntaxNode current)
    {
        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        switch (current)
        {
            case MethodDeclarationSyntax method:
                return method.WithModifiers(InsertAsync(method.Modifiers, method.ReturnType.GetLeadingTrivia(), out var moved))
                    .WithReturnType(moved ? method.ReturnType.WithoutLeadingTrivia() : method.ReturnType);
            case LocalFunctionStatementSyntax local:
                return local.WithModifiers(InsertAsync(local.Modifiers, local.ReturnType.GetLeadingTrivia(), out var movedLocal))
                    .WithReturnType(movedLocal ? local.ReturnType.WithoutLeadingTrivia() : local.ReturnType);
            case AnonymousFunctionExpressionSyntax anonymous:
                var leading = anonymous.GetLeadingTrivia();
                return anonymous.WithoutLeadingTrivia().WithAsyncKeyword(asyncKeyword).WithLeadingTrivia(leading);
            default:
                return current;
        }

        SyntaxTokenList InsertAsync(SyntaxTokenList modifiers, SyntaxTriviaList returnTypeLeading, out bool movedTrivia)
        {
            movedTrivia = false;
            if (modifiers.Count == 0)
            {
                movedTrivia = true;
                return SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnTypeLeading));
            }

            // async goes after access and static/virtual/override modifiers, before partial-free return type.
            return modifiers.Add(asyncKeyword);
        }
    }
}
