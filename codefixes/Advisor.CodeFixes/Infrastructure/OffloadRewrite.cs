using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Moves a blocking expression onto Advisor.Runtime's dedicated threads:
/// <c>Read(x)</c> becomes <c>await Offload.Blocking(() => Read(x), cancellationToken)</c>, keeping the value and its
/// type (<c>Func&lt;T&gt;</c> for values, <c>Action</c> for void calls). Used by every fix that offloads a blocking
/// call (ADV2003, ADV2004); the enclosing function is made async and <c>using Advisor;</c> added as needed.
/// </summary>
internal static class OffloadRewrite
{
    public const string OffloadTypeName = "Advisor.Offload";

    /// <summary>
    /// True when <paramref name="node"/> can move into a lambda handed to <c>Offload.Blocking</c> and the result
    /// compiles: Advisor.Runtime is referenced, an await is legal here, the expression is read (not assigned or passed by
    /// reference), and it contains nothing a lambda cannot capture (awaits, out variables, by-ref arguments, ref-like
    /// values, <c>this</c> of a struct).
    /// </summary>
    public static bool CanOffload(ExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken)
    {
        var offload = model.Compilation.GetTypeByMetadataName(OffloadTypeName);
        if (offload is null || offload.GetMembers("Blocking").IsEmpty || !AsyncConversion.CanAwaitAt(node, model, cancellationToken))
        {
            return false;
        }

        // The name `Offload` must mean Advisor.Offload here, or be free for `using Advisor;` to bring in.
        foreach (var symbol in model.LookupNamespacesAndTypes(node.SpanStart, name: "Offload"))
        {
            if (!SymbolEqualityComparer.Default.Equals(symbol, offload))
            {
                return false;
            }
        }

        switch (node.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == node:
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
            case RefExpressionSyntax:
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
            case PostfixUnaryExpressionSyntax:
                return false;
        }

        for (var current = node; current.Parent is { } parent && parent is not StatementSyntax; current = (ExpressionSyntax)parent)
        {
            if (parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull.Span.Contains(node.Span))
            {
                return false;
            }

            if (parent is not ExpressionSyntax)
            {
                break;
            }
        }

        // A target-typed `new(...)` has no type of its own inside a lambda.
        if (node is ImplicitObjectCreationExpressionSyntax)
        {
            return false;
        }

        var type = model.GetTypeInfo(node, cancellationToken).Type;
        if (type is { IsRefLikeType: true } or IPointerTypeSymbol or IFunctionPointerTypeSymbol
            || (type is not null && AsyncConversion.IsTaskType(type, model.Compilation))
            || IsLazySequence(type))
        {
            return false;
        }

        if (model.GetEnclosingSymbol(node.SpanStart, cancellationToken) is { IsStatic: false, ContainingType.IsValueType: true })
        {
            return false;
        }

        foreach (var descendant in node.DescendantNodesAndSelf())
        {
            switch (descendant)
            {
                case AwaitExpressionSyntax:
                case DeclarationExpressionSyntax:
                case DeclarationPatternSyntax:
                case VarPatternSyntax:
                case RefExpressionSyntax:
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return false;
                case IdentifierNameSyntax identifier
                    when model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol { IsRef: true } or IParameterSymbol { RefKind: not RefKind.None }
                         || model.GetTypeInfo(identifier, cancellationToken).Type is { IsRefLikeType: true }:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A call declared to return <c>IEnumerable</c>/<c>IEnumerator</c> (<c>GetConsumingEnumerable()</c>, an iterator helper)
    /// blocks while it is enumerated, not while it is called: offloading the call would move nothing.
    /// </summary>
    private static bool IsLazySequence(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Interface } named
           && named.ContainingNamespace?.ToDisplayString() is "System.Collections" or "System.Collections.Generic"
           && named.OriginalDefinition.MetadataName is "IEnumerable" or "IEnumerable`1" or "IEnumerator" or "IEnumerator`1";

    /// <summary><c>await Offload.Blocking(() => expression[, token])[.ConfigureAwait(false)]</c> in place of <paramref name="expression"/>.</summary>
    public static ExpressionSyntax Build(ExpressionSyntax expression, ExpressionSyntax? token, bool configureAwaitFalse, SyntaxNode original)
    {
        var lambda = SyntaxFactory.ParenthesizedLambdaExpression(SyntaxFactory.ParameterList(), expression.WithoutTrivia());
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(lambda) };
        if (token is not null)
        {
            arguments.Add(SyntaxFactory.Argument(token.WithoutTrivia()));
        }

        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("Offload"), SyntaxFactory.IdentifierName("Blocking")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        if (configureAwaitFalse)
        {
            call = AwaitStyle.ConfigureAwaitFalse(call);
        }

        return AsyncConversion.Await(call.WithTriviaFrom(expression), original);
    }

    /// <summary>
    /// Offloads every node in <paramref name="nodes"/> in one editor: each becomes an awaited <c>Offload.Blocking</c>, each
    /// enclosing function is made async once, and <c>using Advisor;</c> is added once when needed.
    /// </summary>
    public static async Task<Document> OffloadAllAsync(Document document, IEnumerable<ExpressionSyntax> nodes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var functions = new HashSet<SyntaxNode>();
        var needsUsing = false;
        foreach (var node in nodes.Distinct().OrderByDescending(n => n.SpanStart))
        {
            if (!CanOffload(node, model, cancellationToken) || AsyncConversion.GetEnclosingFunction(node) is not { } function)
            {
                continue;
            }

            var token = AwaitStyle.FindCancellationToken(model, node.SpanStart, cancellationToken);
            var configureAwait = AwaitStyle.UsesConfigureAwaitFalse(function);
            var original = node;
            editor.ReplaceNode(node, (current, _) => Build((ExpressionSyntax)current, token, configureAwait, original));
            functions.Add(function);
            needsUsing |= NeedsUsing(model, node.SpanStart, cancellationToken);
        }

        foreach (var function in functions)
        {
            AsyncConversion.MakeAsync(editor, function, model, cancellationToken);
        }

        if (needsUsing && root is CompilationUnitSyntax compilationUnit)
        {
            editor.ReplaceNode(compilationUnit, (current, _) => Usings.Add((CompilationUnitSyntax)current, "Advisor"));
        }

        return editor.GetChangedDocument();
    }

    private static bool NeedsUsing(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return model.LookupNamespacesAndTypes(position, name: "Offload").IsEmpty;
    }
}

/// <summary>Adds a using directive where a developer would: System namespaces first, then in ordinal order.</summary>
internal static class Usings
{
    public static CompilationUnitSyntax Add(CompilationUnitSyntax unit, string namespaceName)
    {
        foreach (var existing in unit.Usings)
        {
            if (existing.Alias is null && existing.StaticKeyword.IsKind(SyntaxKind.None) && existing.Name?.ToString() == namespaceName)
            {
                return unit;
            }
        }

        var usings = unit.Usings;
        var endOfLine = usings.Count > 0 && usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol != default
            ? eol
            : SyntaxFactory.EndOfLine("\n");
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine);

        if (usings.Count == 0)
        {
            var firstToken = unit.GetFirstToken();
            var leading = firstToken.LeadingTrivia;
            var updated = unit.ReplaceToken(firstToken, firstToken.WithLeadingTrivia());
            return updated.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine, endOfLine)));
        }

        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            if (usings[i].Alias is null && usings[i].StaticKeyword.IsKind(SyntaxKind.None) && Compare(namespaceName, usings[i].Name?.ToString() ?? string.Empty) < 0)
            {
                index = i;
                break;
            }
        }

        if (index == 0)
        {
            // Keep the file's leading trivia (header comments) on the first line.
            var first = usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            usings = usings.Replace(first, first.WithLeadingTrivia());
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    private static int Compare(string left, string right)
    {
        var leftSystem = IsSystem(left);
        var rightSystem = IsSystem(right);
        if (leftSystem != rightSystem)
        {
            return leftSystem ? -1 : 1;
        }

        return string.CompareOrdinal(left, right);
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
}
