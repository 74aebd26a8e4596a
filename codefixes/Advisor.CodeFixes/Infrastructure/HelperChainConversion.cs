using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Makes a chain of private synchronous helpers async (ADV2004's second fix). Starting from the helpers of each chain,
/// every call to a converted helper in the document is awaited; a synchronous caller that is itself a private method
/// of the document is converted too (the cascade), an async caller is made async where needed, and any other caller
/// (public or protected method, property, constructor, synchronous lambda, method group, another document) stops the
/// plan: the fix is then not offered. The blocking call at the end of each chain awaits its async twin.
/// </summary>
internal sealed class HelperChainConversion
{
    private readonly SemanticModel _model;
    private readonly Dictionary<IMethodSymbol, MethodDeclarationSyntax> _methods = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, string> _newNames = new(SymbolEqualityComparer.Default);
    private readonly List<(InvocationExpressionSyntax Invocation, string NewName)> _awaits = new();
    private readonly HashSet<SyntaxNode> _asyncCallers = new();

    private HelperChainConversion(SemanticModel model) => _model = model;

    /// <summary>The conversion for these ADV2004 diagnostics, or null when any part of it would not compile.</summary>
    public static HelperChainConversion? TryPlan(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (diagnostics.IsEmpty)
        {
            return null;
        }

        var plan = new HelperChainConversion(model);
        var queue = new Queue<IMethodSymbol>();
        var leaves = new List<InvocationExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            // The chain's methods are the ones that enclose its locations; the last location is the blocking call.
            foreach (var location in diagnostic.AdditionalLocations)
            {
                if (location.SourceTree != root.SyntaxTree
                    || root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
                    || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
                    || !plan.Add(method, declaration, queue, cancellationToken))
                {
                    return null;
                }
            }

            var leafLocation = diagnostic.AdditionalLocations[diagnostic.AdditionalLocations.Count - 1];
            if (root.FindNode(leafLocation.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax leaf)
            {
                return null;
            }

            leaves.Add(leaf);
        }

        // Every reference to a converted method, by name, in this document.
        var references = new Dictionary<IMethodSymbol, List<SimpleNameSyntax>>(SymbolEqualityComparer.Default);
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is IMethodSymbol referenced)
            {
                var key = referenced.OriginalDefinition;
                if (!references.TryGetValue(key, out var list))
                {
                    references[key] = list = new List<SimpleNameSyntax>();
                }

                list.Add(name);
            }
        }

        while (queue.Count > 0)
        {
            var method = queue.Dequeue();
            if (!references.TryGetValue(method, out var names))
            {
                continue;
            }

            foreach (var name in names)
            {
                if (!plan.AddCallSite(name, method, queue, cancellationToken))
                {
                    return null;
                }
            }
        }

        // The converted chain awaits the twin with the same arguments; twins that need more than a rename stop the plan.
        var twins = AsyncTwins.For(AdvisorContext.For(model.Compilation));
        foreach (var leaf in leaves)
        {
            if (model.GetSymbolInfo(leaf, cancellationToken).Symbol is not IMethodSymbol blocking
                || !twins.TryGetTwin(blocking, out var twin)
                || twin.Kind != AsyncTwinKind.Rename
                || twin.Token == AsyncTwinToken.Required
                || AsyncConversion.GetEnclosingFunction(leaf) is not MethodDeclarationSyntax enclosing
                || !plan._methods.ContainsValue(enclosing)
                || !IsAwaitableSite(leaf, enclosing))
            {
                return null;
            }

            plan._awaits.Add((leaf, twin.Method.Name));
        }

        return plan;
    }

    public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (invocation, newName) in _awaits.OrderByDescending(a => a.Invocation.SpanStart))
        {
            var original = invocation;
            editor.ReplaceNode(invocation, (current, _) => AsyncConversion.Await(Rename((InvocationExpressionSyntax)current, newName), original));
        }

        foreach (var pair in _methods)
        {
            var newName = _newNames[pair.Key];
            var returnsVoid = pair.Key.ReturnsVoid;
            editor.ReplaceNode(pair.Value, (current, _) => ConvertDeclaration((MethodDeclarationSyntax)current, newName, returnsVoid));
        }

        foreach (var caller in _asyncCallers)
        {
            AsyncConversion.MakeAsync(editor, caller, _model, cancellationToken);
        }

        return editor.GetChangedDocument();
    }

    private bool Add(IMethodSymbol method, MethodDeclarationSyntax declaration, Queue<IMethodSymbol> queue, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (_methods.ContainsKey(method))
        {
            return true;
        }

        if (!IsConvertible(method, declaration, cancellationToken))
        {
            return false;
        }

        var newName = method.Name.EndsWith("Async", System.StringComparison.Ordinal) ? method.Name : method.Name + "Async";
        if (newName != method.Name && !method.ContainingType.GetMembers(newName).IsEmpty)
        {
            return false;
        }

        _methods.Add(method, declaration);
        _newNames.Add(method, newName);
        queue.Enqueue(method);
        return true;
    }

    private bool AddCallSite(SimpleNameSyntax name, IMethodSymbol method, Queue<IMethodSymbol> queue, CancellationToken cancellationToken)
    {
        // Only direct invocations can be awaited: M(...), this.M(...), Type.M(...).
        var callee = name.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? (ExpressionSyntax)memberAccess : name;
        if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee
            || AsyncConversion.GetEnclosingFunction(invocation) is not { } function
            || !IsAwaitableSite(invocation, function))
        {
            return false;
        }

        if (function is CompilationUnitSyntax)
        {
            _awaits.Add((invocation, _newNames[method]));
            return true;
        }

        var caller = AsyncConversion.GetFunctionSymbol(function, _model, cancellationToken);
        if (caller is null)
        {
            return false;
        }

        if (function is MethodDeclarationSyntax callerDeclaration && !IsAsyncContext(caller))
        {
            // A synchronous caller: convert it too, or give up.
            if (!Add(caller, callerDeclaration, queue, cancellationToken))
            {
                return false;
            }
        }
        else if (!_methods.ContainsKey(caller.OriginalDefinition))
        {
            if (!IsAsyncContext(caller) || !(AsyncConversion.IsAsync(function) || AsyncConversion.CanMakeAsync(function, _model, cancellationToken)))
            {
                return false;
            }

            _asyncCallers.Add(function);
        }

        _awaits.Add((invocation, _newNames[method]));
        return true;
    }

    private bool IsAsyncContext(IMethodSymbol function)
        => function.IsAsync || AsyncConversion.IsTaskType(function.ReturnType, _model.Compilation);

    private bool IsConvertible(IMethodSymbol method, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        if (method is not { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private, IsVirtual: false, IsOverride: false, IsAbstract: false, IsExtern: false, ReturnsByRef: false, ReturnsByRefReadonly: false }
            || !method.ExplicitInterfaceImplementations.IsEmpty
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || method.IsAsync || IsAsyncContext(method) || method.ReturnType.IsRefLikeType
            || method.Name == "Main"
            || declaration.Body is null && declaration.ExpressionBody is null
            || declaration.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            return false;
        }

        // Private members can be called from any part of a partial type: every part must be in this document.
        foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != declaration.SyntaxTree)
            {
                return false;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol)
            {
                return false;
            }
        }

        foreach (var node in AsyncConversion.BodyNodes(declaration))
        {
            switch (node)
            {
                case YieldStatementSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                case RefExpressionSyntax:
                    return false;
                case VariableDeclarationSyntax variables
                    when variables.Type is RefTypeSyntax || _model.GetTypeInfo(variables.Type, cancellationToken).Type is { IsRefLikeType: true }:
                    return false;
            }
        }

        return true;
    }

    /// <summary>No lock, catch filter, query clause or unsafe block between the call and its function.</summary>
    private static bool IsAwaitableSite(SyntaxNode node, SyntaxNode function)
    {
        for (var current = node.Parent; current is not null && current != function; current = current.Parent)
        {
            if (current is LockStatementSyntax or CatchFilterClauseSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or UnsafeStatementSyntax or FixedStatementSyntax)
            {
                return false;
            }
        }

        return true;
    }

    private static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string newName)
        => invocation.WithExpression(invocation.Expression switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(RenameSimple(memberAccess.Name, newName)),
            SimpleNameSyntax simple => RenameSimple(simple, newName),
            var other => other,
        });

    private static SimpleNameSyntax RenameSimple(SimpleNameSyntax name, string newName)
        => name switch
        {
            GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier)),
            _ => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.GetFirstToken())).WithTriviaFrom(name),
        };

    private static MethodDeclarationSyntax ConvertDeclaration(MethodDeclarationSyntax method, string newName, bool returnsVoid)
    {
        var returnType = method.ReturnType;
        var taskType = returnsVoid
            ? SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
            : SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task<" + returnType.WithoutTrivia().ToString() + ">");
        taskType = taskType.WithAdditionalAnnotations(Simplifier.Annotation);

        var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        SyntaxTokenList modifiers;
        if (method.Modifiers.Count == 0)
        {
            modifiers = SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia()));
            taskType = taskType.WithTrailingTrivia(returnType.GetTrailingTrivia());
        }
        else
        {
            modifiers = method.Modifiers.Add(asyncKeyword);
            taskType = taskType.WithTriviaFrom(returnType);
        }

        return method
            .WithModifiers(modifiers)
            .WithReturnType(taskType)
            .WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(method.Identifier));
    }
}
