using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>How the surrounding code awaits, and which CancellationToken a new async call should receive.</summary>
internal static class AwaitStyle
{
    private static readonly string[] s_preferredTokenNames = { "cancellationToken", "ct", "token", "cancel", "cancellation" };

    /// <summary>True when the function's existing awaits use <c>.ConfigureAwait(false)</c>; new awaits follow suit.</summary>
    public static bool UsesConfigureAwaitFalse(SyntaxNode function)
    {
        foreach (var node in AsyncConversion.BodyNodes(function))
        {
            if (node is AwaitExpressionSyntax
                {
                    Expression: InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
                        ArgumentList.Arguments: { Count: 1 } arguments,
                    },
                }
                && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>expression.ConfigureAwait(false)</c>.</summary>
    public static ExpressionSyntax ConfigureAwaitFalse(ExpressionSyntax expression)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), SyntaxFactory.IdentifierName("ConfigureAwait")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            .WithTriviaFrom(expression);

    /// <summary>
    /// A CancellationToken visible at <paramref name="position"/>: a parameter or an already-declared local of type
    /// CancellationToken (preferring the usual names), else <c>context.RequestAborted</c> for an HttpContext in scope.
    /// Null when there is none; callers then leave the token out rather than invent one.
    /// </summary>
    public static ExpressionSyntax? FindCancellationToken(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (tokenType is null)
        {
            return null;
        }

        ISymbol? best = null;
        var bestRank = int.MaxValue;
        ISymbol? httpContext = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ITypeSymbol? type;
            switch (symbol)
            {
                case IParameterSymbol parameter:
                    type = parameter.Type;
                    break;
                case ILocalSymbol local when IsDeclaredBefore(local, position):
                    type = local.Type;
                    break;
                default:
                    continue;
            }

            if (SymbolEqualityComparer.Default.Equals(type, tokenType))
            {
                var rank = Array.IndexOf(s_preferredTokenNames, symbol.Name);
                rank = rank < 0 ? s_preferredTokenNames.Length : rank;
                if (rank < bestRank)
                {
                    best = symbol;
                    bestRank = rank;
                }
            }
            else if (httpContext is null && type?.ToDisplayString() == "Microsoft.AspNetCore.Http.HttpContext")
            {
                httpContext = symbol;
            }
        }

        if (best is not null)
        {
            return SyntaxFactory.IdentifierName(best.Name);
        }

        return httpContext is null
            ? null
            : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(httpContext.Name), SyntaxFactory.IdentifierName("RequestAborted"));
    }

    private static bool IsDeclaredBefore(ILocalSymbol local, int position)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.Span.End <= position)
            {
                return true;
            }
        }

        return false;
    }
}
