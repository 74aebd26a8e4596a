using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers;
using Advisor.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV3001: <c>Parallel.For(from, to, i =&gt; body)</c> and <c>Parallel.ForEach(source, item =&gt; body)</c> used as
/// statements become a sequential <c>for</c>/<c>foreach</c> loop inside <c>await Offload.Cpu(() =&gt; { ... }, token)</c>:
/// the CPU work leaves the request thread and runs on the bounded executor instead of fanning out over the ThreadPool.
/// Not offered for ParallelOptions, ParallelLoopState, thread-local or partitioner overloads, bodies that return, a used
/// ParallelLoopResult, Parallel.Invoke or PLINQ.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParallelLoopCodeFixProvider))]
[Shared]
public sealed class ParallelLoopCodeFixProvider : CpuOffloadCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ParallelLoop);

    private protected override string EquivalenceKey => RuleIds.ParallelLoop + ".OffloadCpu";

    private protected override string Title(CpuOffload.Plan plan) => "Run as a loop on Offload.Cpu";

    private protected override CpuOffload.Plan? TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || invocation.Parent is not ExpressionStatementSyntax statement
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || method.ContainingType?.ToDisplayString() != "System.Threading.Tasks.Parallel")
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Any(a => a.NameColon is not null || a.RefKindKeyword.RawKind != 0))
        {
            return null;
        }

        var isFor = method.Name == "For" && method.Parameters.Length == 3 && IsAction(method.Parameters[2].Type, out var forElement)
                    && forElement!.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;
        var isForEach = method.Name == "ForEach" && method.Parameters.Length == 2 && IsAction(method.Parameters[1].Type, out _)
                        && method.Parameters[0].Type is INamedTypeSymbol { Name: "IEnumerable" };
        if ((!isFor && !isForEach) || arguments[arguments.Count - 1].Expression is not LambdaExpressionSyntax lambda
            || lambda.AsyncKeyword.RawKind != 0 || !TryGetParameter(lambda, out var parameter))
        {
            return null;
        }

        foreach (var node in lambda.Body.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is ReturnStatementSyntax or YieldStatementSyntax)
            {
                return null;
            }
        }

        if (!CpuOffload.TryPlanStatement(statement, model, IsSyncEntry(diagnostic), cancellationToken, out var plan) || plan is null)
        {
            return null;
        }

        var parameterType = isFor ? method.Parameters[0].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) : null;
        plan.Transform = current => ToLoop((ExpressionStatementSyntax)current, isFor, parameter, parameterType);
        return plan;
    }

    private static bool IsAction(ITypeSymbol type, out ITypeSymbol? element)
    {
        element = null;
        if (type is INamedTypeSymbol { Name: "Action", TypeArguments.Length: 1 } action && action.ContainingNamespace?.ToDisplayString() == "System")
        {
            element = action.TypeArguments[0];
            return true;
        }

        return false;
    }

    private static bool TryGetParameter(LambdaExpressionSyntax lambda, out string name)
    {
        switch (lambda)
        {
            case SimpleLambdaExpressionSyntax simple:
                name = simple.Parameter.Identifier.ValueText;
                return true;
            case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized
                when parenthesized.ParameterList.Parameters[0].Modifiers.Count == 0:
                name = parenthesized.ParameterList.Parameters[0].Identifier.ValueText;
                return true;
            default:
                name = string.Empty;
                return false;
        }
    }

    private static StatementSyntax ToLoop(ExpressionStatementSyntax current, bool isFor, string parameter, string? parameterType)
    {
        var invocation = (InvocationExpressionSyntax)current.Expression;
        var arguments = invocation.ArgumentList.Arguments;
        var lambda = (LambdaExpressionSyntax)arguments[arguments.Count - 1].Expression;
        var body = lambda.Body is BlockSyntax block
            ? block.WithoutTrivia()
            : SyntaxFactory.Block(
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.ElasticLineFeed).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed),
                SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.ExpressionStatement(((ExpressionSyntax)lambda.Body).WithoutTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed)),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken));
        if (isFor)
        {
            var identifier = SyntaxFactory.Identifier(parameter);
            return SyntaxFactory.ForStatement(body)
                .WithDeclaration(SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.ParseTypeName(parameterType ?? "var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(identifier)
                        .WithInitializer(SyntaxFactory.EqualsValueClause(arguments[0].Expression.WithoutTrivia())))))
                .WithCondition(SyntaxFactory.BinaryExpression(SyntaxKind.LessThanExpression, SyntaxFactory.IdentifierName(parameter), arguments[1].Expression.WithoutTrivia()))
                .WithIncrementors(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, SyntaxFactory.IdentifierName(parameter))))
                .WithTriviaFrom(current);
        }

        return SyntaxFactory.ForEachStatement(SyntaxFactory.IdentifierName("var"), SyntaxFactory.Identifier(parameter), arguments[0].Expression.WithoutTrivia(), body)
            .WithTriviaFrom(current);
    }
}
