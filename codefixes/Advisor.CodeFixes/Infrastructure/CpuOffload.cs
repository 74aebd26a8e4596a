using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Moves CPU-bound work onto <c>Offload.Cpu</c>: a statement (a loop) becomes
/// <c>await Offload.Cpu(() => { ... }, token);</c> and a call becomes <c>await Offload.Cpu(() => Call(...), token)</c>.
/// Data flow stays correct: variables assigned inside and read after are captured (they must be definitely assigned
/// before, or the result would not compile), and nothing is offered when the work would capture ref locals, ref or out
/// parameters, spans or other ref structs, <c>this</c> of a struct, or leave the statement by return, break or goto.
/// A synchronous entry point (controller action, handler lambda, ...) is converted to <c>async Task&lt;T&gt;</c>.
/// </summary>
internal static class CpuOffload
{
    public sealed class Plan
    {
        public Plan(SyntaxNode target, SyntaxNode function, bool convertSync, ExpressionSyntax? token, bool configureAwaitFalse)
        {
            Target = target;
            Function = function;
            ConvertSync = convertSync;
            Token = token;
            ConfigureAwaitFalse = configureAwaitFalse;
        }

        /// <summary>The statement or expression to offload.</summary>
        public SyntaxNode Target { get; }

        public SyntaxNode Function { get; }

        /// <summary>The function is synchronous and becomes <c>async Task</c>/<c>async Task&lt;T&gt;</c>.</summary>
        public bool ConvertSync { get; }

        public ExpressionSyntax? Token { get; }

        public bool ConfigureAwaitFalse { get; }

        /// <summary>Rewrites the statement before it is wrapped (e.g. a Parallel.For call into a for loop).</summary>
        public System.Func<StatementSyntax, StatementSyntax>? Transform { get; set; }
    }

    public static bool TryPlanStatement(StatementSyntax statement, SemanticModel model, bool syncEntry, CancellationToken cancellationToken, out Plan? plan)
    {
        plan = null;
        if (statement.Parent is not BlockSyntax and not SwitchSectionSyntax and not GlobalStatementSyntax
            || !TryGetHost(statement, model, syncEntry, cancellationToken, out var function, out var convertSync))
        {
            return false;
        }

        foreach (var node in statement.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is YieldStatementSyntax or AwaitExpressionSyntax or StackAllocArrayCreationExpressionSyntax or FixedStatementSyntax or UnsafeStatementSyntax)
            {
                return false;
            }
        }

        var control = model.AnalyzeControlFlow(statement);
        if (control is null || !control.Succeeded || control.ReturnStatements.Length > 0 || control.ExitPoints.Length > 0)
        {
            return false;
        }

        var flow = model.AnalyzeDataFlow(statement);
        if (flow is null || !flow.Succeeded || !CanCapture(flow))
        {
            return false;
        }

        foreach (var symbol in flow.DataFlowsOut)
        {
            if (!flow.DefinitelyAssignedOnEntry.Contains(symbol, SymbolEqualityComparer.Default))
            {
                return false;
            }
        }

        plan = new Plan(statement, function, convertSync, AwaitStyle.FindCancellationToken(model, statement.SpanStart, cancellationToken), AwaitStyle.UsesConfigureAwaitFalse(function));
        return true;
    }

    public static bool TryPlanCall(ExpressionSyntax call, SemanticModel model, bool syncEntry, CancellationToken cancellationToken, out Plan? plan)
    {
        plan = null;
        if (call is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax)
            || call.Parent is AssignmentExpressionSyntax assignment && assignment.Left == call
            || call.Parent is RefExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
            || !TryGetHost(call, model, syncEntry, cancellationToken, out var function, out var convertSync))
        {
            return false;
        }

        foreach (var node in call.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
        {
            if (node is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or StackAllocArrayCreationExpressionSyntax or AwaitExpressionSyntax)
            {
                return false;
            }
        }

        var type = model.GetTypeInfo(call, cancellationToken).Type;
        if (type is { IsRefLikeType: true } or IPointerTypeSymbol)
        {
            return false;
        }

        if (type?.SpecialType == SpecialType.System_Void && call.Parent is not ExpressionStatementSyntax)
        {
            return false;
        }

        var flow = model.AnalyzeDataFlow(call);
        if (flow is null || !flow.Succeeded || !CanCapture(flow))
        {
            return false;
        }

        plan = new Plan(call, function, convertSync, AwaitStyle.FindCancellationToken(model, call.SpanStart, cancellationToken), AwaitStyle.UsesConfigureAwaitFalse(function));
        return true;
    }

    /// <summary>Applies every plan of the document in one editor; each function is made async once.</summary>
    public static async Task<Document> ApplyAsync(Document document, IReadOnlyList<Plan> plans, SemanticModel model, CancellationToken cancellationToken)
    {
        if (plans.Count == 0)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var functions = new Dictionary<SyntaxNode, bool>();
        foreach (var plan in plans.OrderByDescending(p => p.Target.SpanStart))
        {
            if (plan.Target is StatementSyntax statement)
            {
                editor.ReplaceNode(statement, (current, _) => WrapStatement(plan.Transform is { } transform ? transform((StatementSyntax)current) : (StatementSyntax)current, plan));
            }
            else
            {
                var original = (ExpressionSyntax)plan.Target;
                editor.ReplaceNode(original, (current, _) => WrapExpression((ExpressionSyntax)current, original, plan));
            }

            functions[plan.Function] = plan.ConvertSync;
        }

        foreach (var pair in functions)
        {
            if (pair.Value)
            {
                editor.ReplaceNode(pair.Key, (current, _) => ConvertSyncToAsync(current));
            }
            else
            {
                AsyncConversion.MakeAsync(editor, pair.Key, model, cancellationToken);
            }
        }

        var changed = editor.GetChangedDocument();
        return await AddUsingAsync(changed, "Advisor", cancellationToken).ConfigureAwait(false);
    }

    private static bool TryGetHost(SyntaxNode node, SemanticModel model, bool syncEntry, CancellationToken cancellationToken, out SyntaxNode function, out bool convertSync)
    {
        convertSync = false;
        function = AsyncConversion.GetEnclosingFunction(node)!;
        if (function is null)
        {
            return false;
        }

        if (AsyncConversion.CanAwaitAt(node, model, cancellationToken))
        {
            return true;
        }

        if (!syncEntry || AsyncConversion.IsAsync(function) || HasAwaitBlocker(node, function))
        {
            return false;
        }

        var symbol = AsyncConversion.GetFunctionSymbol(function, model, cancellationToken);
        if (symbol is null || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly || symbol.ReturnType.IsRefLikeType
            || AsyncConversion.IsTaskType(symbol.ReturnType, model.Compilation)
            || symbol.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type is IPointerTypeSymbol))
        {
            return false;
        }

        switch (function)
        {
            case MethodDeclarationSyntax method:
                if (symbol.IsOverride || symbol.IsVirtual || symbol.IsAbstract || method.Modifiers.Any(SyntaxKind.UnsafeKeyword) || method.Modifiers.Any(SyntaxKind.PartialKeyword) || ImplementsInterface(symbol))
                {
                    return false;
                }

                break;
            case AnonymousFunctionExpressionSyntax:
                break;
            default:
                return false;
        }

        foreach (var descendant in AsyncConversion.BodyNodes(function))
        {
            if (descendant is YieldStatementSyntax or UnsafeStatementSyntax or FixedStatementSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or RefExpressionSyntax
                || descendant is VariableDeclarationSyntax { Type: RefTypeSyntax or PointerTypeSyntax }
                || descendant is VariableDeclarationSyntax declaration && model.GetTypeInfo(declaration.Type, cancellationToken).Type is { IsRefLikeType: true })
            {
                return false;
            }
        }

        convertSync = true;
        return true;
    }

    private static bool HasAwaitBlocker(SyntaxNode node, SyntaxNode function)
    {
        for (var current = node.Parent; current is not null && current != function; current = current.Parent)
        {
            if (current is LockStatementSyntax or CatchFilterClauseSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or UnsafeStatementSyntax or FixedStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        if (!method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool CanCapture(DataFlowAnalysis flow)
    {
        foreach (var symbol in flow.ReadInside.Concat(flow.WrittenInside))
        {
            if (flow.VariablesDeclared.Contains(symbol, SymbolEqualityComparer.Default))
            {
                continue;
            }

            switch (symbol)
            {
                case ILocalSymbol local when local.IsRef || local.Type.IsRefLikeType || local.Type is IPointerTypeSymbol:
                    return false;
                case IParameterSymbol { IsThis: true } self when self.Type.IsValueType:
                    return false;
                case IParameterSymbol parameter when !parameter.IsThis && (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol):
                    return false;
            }
        }

        return true;
    }

    private static ExpressionSyntax OffloadCall(CSharpSyntaxNode work, Plan plan)
    {
        var lambda = work is BlockSyntax block
            ? SyntaxFactory.ParenthesizedLambdaExpression().WithBlock(block)
            : SyntaxFactory.ParenthesizedLambdaExpression().WithExpressionBody((ExpressionSyntax)work);
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(lambda) };
        if (plan.Token is not null)
        {
            arguments.Add(SyntaxFactory.Argument(plan.Token.WithoutTrivia()));
        }

        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("Offload"), SyntaxFactory.IdentifierName("Cpu")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        return plan.ConfigureAwaitFalse ? AwaitStyle.ConfigureAwaitFalse(call) : call;
    }

    private static SyntaxNode WrapStatement(StatementSyntax current, Plan plan)
    {
        var inner = current.WithoutLeadingTrivia().WithoutTrailingTrivia();
        var multiline = inner.ToFullString().IndexOf('\n') >= 0;
        var block = multiline
            ? SyntaxFactory.Block(
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.ElasticLineFeed).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed),
                SyntaxFactory.SingletonList(inner.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed)),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken))
            : SyntaxFactory.Block(inner);
        var awaited = SyntaxFactory.AwaitExpression(OffloadCall(block, plan));
        return SyntaxFactory.ExpressionStatement(awaited)
            .WithLeadingTrivia(current.GetLeadingTrivia())
            .WithTrailingTrivia(current.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static SyntaxNode WrapExpression(ExpressionSyntax current, ExpressionSyntax original, Plan plan)
        => AsyncConversion.Await(OffloadCall(current.WithoutTrivia(), plan).WithTriviaFrom(current), original)
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static SyntaxNode ConvertSyncToAsync(SyntaxNode current)
    {
        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        switch (current)
        {
            case MethodDeclarationSyntax method:
            {
                var returnType = method.ReturnType;
                var taskType = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                    ? SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
                    : SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task<" + returnType.WithoutTrivia().ToString() + ">");
                taskType = taskType.WithAdditionalAnnotations(Simplifier.Annotation);
                if (method.Modifiers.Count == 0)
                {
                    return method.WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia())))
                        .WithReturnType(taskType.WithTrailingTrivia(returnType.GetTrailingTrivia()));
                }

                return method.WithModifiers(method.Modifiers.Add(asyncKeyword))
                    .WithReturnType(taskType.WithTriviaFrom(returnType));
            }

            case AnonymousFunctionExpressionSyntax anonymous:
                var leading = anonymous.GetLeadingTrivia();
                return anonymous.WithoutLeadingTrivia().WithAsyncKeyword(asyncKeyword).WithLeadingTrivia(leading);
            default:
                return current;
        }
    }

    /// <summary>Adds <c>using <paramref name="ns"/>;</c> to the compilation unit unless it is there or the code is inside that namespace.</summary>
    public static async Task<Document> AddUsingAsync(Document document, string ns, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
        {
            return document;
        }

        if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name?.ToString() == ns)
            || root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>()
                .Any(n => n.Name.ToString() == ns || n.Name.ToString().StartsWith(ns + ".", System.StringComparison.Ordinal)
                          || n.Usings.Any(u => u.Name?.ToString() == ns)))
        {
            return document;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        var usings = root.Usings;
        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            var name = usings[i].Name?.ToString() ?? string.Empty;
            var isSystem = name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal);
            if (usings[i].Alias is null && usings[i].StaticKeyword.RawKind == 0 && !isSystem && string.CompareOrdinal(name, ns) > 0)
            {
                index = i;
                break;
            }
        }

        if (usings.Count == 0)
        {
            var first = root.GetLeadingTrivia();
            var updated = root.WithoutLeadingTrivia().WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(first).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"))));
            return document.WithSyntaxRoot(updated);
        }

        var endOfLine = usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        directive = directive.WithTrailingTrivia(endOfLine.RawKind == 0 ? SyntaxFactory.EndOfLine("\n") : endOfLine);
        if (index == 0)
        {
            // Keep the file's leading trivia (license header) on the first directive.
            var leading = usings[0].GetLeadingTrivia();
            usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia(SyntaxFactory.TriviaList()));
            directive = directive.WithLeadingTrivia(leading);
        }

        return document.WithSyntaxRoot(root.WithUsings(usings.Insert(index, directive)));
    }
}
