using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>Shared pieces of the failure-mode fixes (ADV4001-ADV4003): tokens threaded into calls, names, usings.</summary>
internal static class FailureFixes
{
    /// <summary>A lambda parameter name not visible at <paramref name="position"/>: <c>ct</c>, else <c>token</c>, else <c>guardToken</c>.</summary>
    public static string FreeName(SemanticModel model, int position, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        var last = candidates[candidates.Length - 1];
        for (var i = 2; ; i++)
        {
            if (model.LookupSymbols(position, name: last + i).IsEmpty)
            {
                return last + i;
            }
        }
    }

    /// <summary>
    /// <paramref name="call"/> with its CancellationToken argument replaced by <paramref name="tokenName"/>, or the token
    /// added (optional parameter left out, or an overload with one more trailing CancellationToken). The original token
    /// argument, if any, is returned in <paramref name="originalToken"/>. Null when the call cannot take a token.
    /// </summary>
    public static InvocationExpressionSyntax? ThreadToken(InvocationExpressionSyntax call, IInvocationOperation operation, string tokenName, out ExpressionSyntax? originalToken)
    {
        originalToken = null;
        var tokenType = operation.SemanticModel?.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (tokenType is null)
        {
            return null;
        }

        var identifier = SyntaxFactory.IdentifierName(tokenName);
        foreach (var argument in operation.Arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, tokenType))
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                // Optional token left out: pass it by name.
                var named = SyntaxFactory.Argument(identifier).WithNameColon(SyntaxFactory.NameColon(argument.Parameter!.Name).WithTrailingTrivia(SyntaxFactory.Space));
                return Append(call, named);
            }

            if (argument.Syntax is ArgumentSyntax argumentSyntax)
            {
                originalToken = IsDefaultToken(argumentSyntax.Expression) ? null : argumentSyntax.Expression.WithoutTrivia();
                return call.ReplaceNode(argumentSyntax, argumentSyntax.WithExpression(identifier.WithTriviaFrom(argumentSyntax.Expression)));
            }

            return null;
        }

        // No token parameter: is there an overload with one more, trailing, CancellationToken?
        var method = operation.TargetMethod;
        var parameters = method.Parameters;
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is IMethodSymbol candidate
                && candidate.Parameters.Length == parameters.Length + 1
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[parameters.Length].Type, tokenType)
                && parameters.Select(p => p.Type).SequenceEqual(candidate.Parameters.Take(parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default))
            {
                return Append(call, SyntaxFactory.Argument(identifier));
            }
        }

        return null;
    }

    private static InvocationExpressionSyntax Append(InvocationExpressionSyntax call, ArgumentSyntax argument)
    {
        var arguments = call.ArgumentList.Arguments;
        var nodes = arguments.GetWithSeparators().ToList();
        if (arguments.Count > 0)
        {
            nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }

        nodes.Add(argument);
        return call.WithArgumentList(call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(nodes)));
    }

    private static bool IsDefaultToken(ExpressionSyntax expression)
        => expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression } or DefaultExpressionSyntax
           || (expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "None" } member && member.Expression.ToString().EndsWith("CancellationToken", StringComparison.Ordinal));

    /// <summary>Adds <c>using <paramref name="ns"/>;</c> at the top of the file unless it (or an enclosing namespace) already imports it.</summary>
    public static SyntaxNode AddUsing(SyntaxNode root, string ns)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        if (unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None))
            || unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == ns || n.Usings.Any(u => u.Name?.ToString() == ns)))
        {
            return root;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        var index = 0;
        while (index < unit.Usings.Count && string.CompareOrdinal(unit.Usings[index].Name?.ToString(), ns) < 0 && unit.Usings[index].Alias is null)
        {
            index++;
        }

        if (unit.Usings.Count == 0)
        {
            directive = directive.WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"));
            var first = unit.ChildNodes().FirstOrDefault();
            var leading = first?.GetLeadingTrivia() ?? default;
            unit = first is null ? unit : unit.ReplaceNode(first, first.WithoutLeadingTrivia());
            return unit.WithUsings(unit.Usings.Add(directive.WithLeadingTrivia(leading)));
        }

        directive = directive.WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        if (index == 0)
        {
            // Keep the file's leading trivia (header comments) before the first using.
            var firstUsing = unit.Usings[0];
            directive = directive.WithLeadingTrivia(firstUsing.GetLeadingTrivia());
            unit = unit.ReplaceNode(firstUsing, firstUsing.WithLeadingTrivia());
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    /// <summary><c>TimeSpan.FromMilliseconds(n)</c>.</summary>
    public static string Deadline(string? milliseconds) => "TimeSpan.FromMilliseconds(" + (string.IsNullOrEmpty(milliseconds) ? "1000" : milliseconds) + ")";

    public static ExpressionSyntax? FindToken(SemanticModel model, int position, CancellationToken cancellationToken)
        => AwaitStyle.FindCancellationToken(model, position, cancellationToken);
}
