using System;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Advisor.CodeFixes.Rules;

/// <summary>
/// ADV2002: replaces a synchronous call with an await of its async twin, as the analyzer described it
/// (<see cref="AsyncTwinKind"/> in the diagnostic's properties): <c>s.Read(b, 0, n)</c> → <c>await s.ReadAsync(b, 0, n, ct)</c>,
/// <c>Thread.Sleep(n)</c> → <c>await Task.Delay(n, ct)</c>, <c>query.ToList()</c> → <c>await query.ToListAsync(ct)</c>
/// (importing the twin's namespace), <c>x.Settings</c> → <c>await x.GetSettingsAsync()</c>. A CancellationToken in scope is
/// forwarded when the twin takes one; the function's <c>ConfigureAwait(false)</c> style is kept; a task-returning
/// function that is not async is made async. The fix is offered only when the new call binds to the twin.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncApiWithAsyncTwinCodeFixProvider))]
[Shared]
public sealed class SyncApiWithAsyncTwinCodeFixProvider : AdvisorCodeFixProvider
{
    private const string EquivalenceKey = RuleIds.SyncOverAsyncApi + ".AwaitTwin";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SyncOverAsyncApi);

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
        var imports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (!TryPlan(root, model, diagnostic, cancellationToken, out var plan))
            {
                continue;
            }

            editor.ReplaceNode(plan.Node, (current, _) => plan.Rewrite((ExpressionSyntax)current));
            functions.Add(plan.Function);
            if (plan.Import is { } import)
            {
                imports.Add(import);
            }
        }

        foreach (var function in functions)
        {
            AsyncConversion.MakeAsync(editor, function, model, cancellationToken);
        }

        if (imports.Count > 0 && root is CompilationUnitSyntax compilationUnit)
        {
            editor.ReplaceNode(compilationUnit, (current, _) => AddUsings((CompilationUnitSyntax)current, imports));
        }

        return editor.GetChangedDocument();
    }

    private readonly struct Plan
    {
        public Plan(ExpressionSyntax node, SyntaxNode function, string title, Func<ExpressionSyntax, SyntaxNode> rewrite, string? import)
        {
            Node = node;
            Function = function;
            Title = title;
            Rewrite = rewrite;
            Import = import;
        }

        public ExpressionSyntax Node { get; }

        public SyntaxNode Function { get; }

        public string Title { get; }

        public Func<ExpressionSyntax, SyntaxNode> Rewrite { get; }

        /// <summary>A namespace to import for the twin, when it is not imported yet.</summary>
        public string? Import { get; }
    }

    private static bool TryPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken, out Plan plan)
    {
        plan = default;
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(AsyncTwins.KindProperty, out var kindText)
            || !Enum.TryParse<AsyncTwinKind>(kindText, out var kind)
            || !properties.TryGetValue(AsyncTwins.NameProperty, out var twinName) || string.IsNullOrEmpty(twinName)
            || !properties.TryGetValue(AsyncTwins.TokenProperty, out var tokenText)
            || !Enum.TryParse<AsyncTwinToken>(tokenText, out var tokenKind)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node
            || !AsyncConversion.CanAwaitAt(node, model, cancellationToken)
            || AsyncConversion.GetEnclosingFunction(node) is not { } function)
        {
            return false;
        }

        var token = tokenKind == AsyncTwinToken.None ? null : AwaitStyle.FindCancellationToken(model, node.SpanStart, cancellationToken);
        if (tokenKind == AsyncTwinToken.Required && token is null)
        {
            token = SyntaxFactory.ParseExpression("System.Threading.CancellationToken.None").WithAdditionalAnnotations(Simplifier.Annotation);
        }

        string? import = null;
        if (kind == AsyncTwinKind.Extension
            && properties.TryGetValue(AsyncTwins.NamespaceProperty, out var ns) && !string.IsNullOrEmpty(ns)
            && !IsImported(model, node.SpanStart, ns!))
        {
            import = ns;
        }

        Func<ExpressionSyntax, ExpressionSyntax>? call = kind switch
        {
            AsyncTwinKind.Rename or AsyncTwinKind.Extension when node is InvocationExpressionSyntax invocation && CanRename(invocation)
                => current => AddToken(Rename((InvocationExpressionSyntax)current, twinName!), token, model, invocation, cancellationToken),
            AsyncTwinKind.SpanToMemory when node is InvocationExpressionSyntax invocation && CanRename(invocation) && TryGetSpanArguments(invocation, model, cancellationToken, out var spans)
                => current => AddToken(ToMemory(Rename((InvocationExpressionSyntax)current, twinName!), spans), token, model, invocation, cancellationToken),
            AsyncTwinKind.Delay when node is InvocationExpressionSyntax
                => current => AddToken(ToDelay((InvocationExpressionSyntax)current), token, model, (InvocationExpressionSyntax)node, cancellationToken),
            AsyncTwinKind.PropertyGetter when node is MemberAccessExpressionSyntax or IdentifierNameSyntax
                => current => PropertyCall(current, twinName!, token),
            _ => null,
        };

        if (call is null || (import is null && !BindsToTwin(model, node, call(node), twinName!, kind, cancellationToken)))
        {
            return false;
        }

        var configureAwait = AwaitStyle.UsesConfigureAwaitFalse(function) && ReturnsTask(model, node, call(node), cancellationToken);
        var original = node;
        plan = new Plan(
            node,
            function,
            kind == AsyncTwinKind.Delay ? "Await Task.Delay" : "Await " + twinName,
            current =>
            {
                var twinCall = call(current).WithoutTrivia();
                var awaited = configureAwait ? AwaitStyle.ConfigureAwaitFalse(twinCall) : twinCall;
                return AsyncConversion.Await(awaited, original).WithTriviaFrom(current);
            },
            import);
        return true;
    }

    /// <summary><c>x.Read(...)</c>, <c>Read(...)</c>, <c>Type.Read&lt;T&gt;(...)</c>; not <c>x?.Read(...)</c> (awaiting a null task throws).</summary>
    private static bool CanRename(InvocationExpressionSyntax invocation)
        => invocation.Expression is MemberAccessExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax;

    private static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string name)
    {
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax memberAccess:
                return invocation.WithExpression(memberAccess.WithName(RenameName(memberAccess.Name, name)));
            case SimpleNameSyntax simple:
                return invocation.WithExpression(RenameName(simple, name));
            default:
                return invocation;
        }
    }

    private static SimpleNameSyntax RenameName(SimpleNameSyntax name, string newName)
    {
        var identifier = SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier);
        return name is GenericNameSyntax generic ? generic.WithIdentifier(identifier) : SyntaxFactory.IdentifierName(identifier);
    }

    /// <summary>Appends the token: positionally, or named when the call already uses named arguments.</summary>
    private static InvocationExpressionSyntax AddToken(InvocationExpressionSyntax current, ExpressionSyntax? token, SemanticModel model, InvocationExpressionSyntax original, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return current;
        }

        var argument = SyntaxFactory.Argument(token);
        if (current.ArgumentList.Arguments.Any(a => a.NameColon is not null))
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(TokenParameterName(model, original, cancellationToken))));
        }

        return current.WithArgumentList(current.ArgumentList.AddArguments(argument));
    }

    /// <summary>The name of the twin's trailing CancellationToken parameter (for <c>Thread.Sleep</c>, of <c>Task.Delay</c>'s).</summary>
    private static string TokenParameterName(SemanticModel model, InvocationExpressionSyntax original, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(original, cancellationToken).Symbol is IMethodSymbol sync
            && AsyncTwins.For(AdvisorContext.For(model.Compilation)).TryGetTwin(sync, out var twin)
            && twin.Method.Parameters.Length > 0)
        {
            return twin.Method.Parameters[twin.Method.Parameters.Length - 1].Name;
        }

        return "cancellationToken";
    }

    /// <summary><c>Thread.Sleep(n)</c> → <c>Task.Delay(n)</c>, keeping the argument list.</summary>
    private static InvocationExpressionSyntax ToDelay(InvocationExpressionSyntax current)
        => current.WithExpression(
            SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.Delay")
                .WithAdditionalAnnotations(Simplifier.Annotation)
                .WithTriviaFrom(current.Expression));

    private static ExpressionSyntax PropertyCall(ExpressionSyntax current, string twinName, ExpressionSyntax? token)
    {
        ExpressionSyntax target = current switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(SyntaxFactory.IdentifierName(twinName)).WithoutTrivia(),
            _ => SyntaxFactory.IdentifierName(twinName),
        };

        var arguments = token is null
            ? SyntaxFactory.ArgumentList()
            : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token)));
        return SyntaxFactory.InvocationExpression(target, arguments).WithTriviaFrom(current);
    }

    /// <summary>
    /// The indexes of arguments passed to Span parameters, when each can become a Memory: an array (converts to both)
    /// or <c>x.AsSpan(...)</c> (becomes <c>x.AsMemory(...)</c>). Other spans (stackalloc, span locals) have no Memory form.
    /// </summary>
    private static bool TryGetSpanArguments(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken, out ImmutableArray<int> indexes)
    {
        indexes = default;
        if (model.GetOperation(invocation, cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<int>();
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Type is not INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", IsGenericType: true } || argument.IsImplicit)
            {
                continue;
            }

            if (argument.Syntax is not ArgumentSyntax argumentSyntax)
            {
                return false;
            }

            var index = invocation.ArgumentList.Arguments.IndexOf(argumentSyntax);
            var expression = argumentSyntax.Expression;
            var isArray = model.GetTypeInfo(expression, cancellationToken).Type is IArrayTypeSymbol;
            var isAsSpan = expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } };
            if (index < 0 || !(isArray || isAsSpan))
            {
                return false;
            }

            if (isAsSpan)
            {
                builder.Add(index);
            }
        }

        indexes = builder.ToImmutable();
        return true;
    }

    private static InvocationExpressionSyntax ToMemory(InvocationExpressionSyntax current, ImmutableArray<int> asSpanIndexes)
    {
        var arguments = current.ArgumentList.Arguments;
        foreach (var index in asSpanIndexes)
        {
            if (index < arguments.Count
                && arguments[index].Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax asSpan } asSpanCall)
            {
                var asMemory = asSpanCall.WithExpression(asSpan.WithName(SyntaxFactory.IdentifierName("AsMemory").WithTriviaFrom(asSpan.Name)));
                arguments = arguments.Replace(arguments[index], arguments[index].WithExpression(asMemory));
            }
        }

        return current.WithArgumentList(current.ArgumentList.WithArguments(arguments));
    }

    /// <summary>Speculatively binds the new call where the old one was: it must resolve to the twin without errors.</summary>
    private static bool BindsToTwin(SemanticModel model, ExpressionSyntax original, ExpressionSyntax replacement, string twinName, AsyncTwinKind kind, CancellationToken cancellationToken)
    {
        var expected = kind == AsyncTwinKind.Delay ? "Delay" : twinName;
        var info = model.GetSpeculativeSymbolInfo(original.SpanStart, replacement.WithoutAnnotations(Simplifier.Annotation), SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol method && method.Name == expected;
    }

    private static bool ReturnsTask(SemanticModel model, ExpressionSyntax original, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var type = model.GetSpeculativeTypeInfo(original.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Type;
        return AsyncConversion.IsTaskType(type, model.Compilation);
    }

    private static bool IsImported(SemanticModel model, int position, string ns)
    {
        for (var node = model.SyntaxTree.GetRoot().FindToken(position).Parent; node is not null; node = node.Parent)
        {
            var usings = node switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax declaration => declaration.Usings,
                _ => default,
            };

            if (usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns))
            {
                return true;
            }

            if (node is BaseNamespaceDeclarationSyntax namespaceDeclaration)
            {
                var name = namespaceDeclaration.Name.ToString();
                if (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        // Global usings in other files.
        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax unit
                && unit.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && u.Name?.ToString() == ns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>System namespaces first, then ordinal: the usual <c>dotnet_sort_system_directives_first</c> order.</summary>
    private static int CompareNamespaces(string left, string right)
    {
        var leftSystem = left == "System" || left.StartsWith("System.", StringComparison.Ordinal);
        var rightSystem = right == "System" || right.StartsWith("System.", StringComparison.Ordinal);
        return leftSystem != rightSystem ? (leftSystem ? -1 : 1) : string.CompareOrdinal(left, right);
    }

    private static CompilationUnitSyntax AddUsings(CompilationUnitSyntax unit, IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            if (unit.Usings.Any(u => u.Name?.ToString() == ns))
            {
                continue;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            var usings = unit.Usings;
            var index = 0;
            while (index < usings.Count && CompareNamespaces(usings[index].Name?.ToString() ?? string.Empty, ns) < 0 && !usings[index].GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            {
                index++;
            }

            unit = unit.WithUsings(usings.Insert(index, directive.WithTrailingTrivia(usings.Count > 0 ? usings[0].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed))));
        }

        return unit;
    }
}
