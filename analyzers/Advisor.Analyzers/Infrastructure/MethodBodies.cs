using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// The IOperation body of a method declared in this compilation, bound at most once per compilation. Summaries that
/// follow calls into helper methods (ADV1002, ADV2004) read helper bodies through here; only methods actually reached
/// from analyzed code are ever bound.
/// </summary>
internal sealed class MethodBodies
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies = new(SymbolEqualityComparer.Default);

    public MethodBodies(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// The body of <paramref name="method"/> (a method, constructor, accessor or local function with source in this
    /// compilation), or null when it has none (abstract, extern, partial without implementation, metadata).
    /// </summary>
    public IOperation? Get(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = Normalize(method);
        if (_bodies.TryGetValue(method, out var cached))
        {
            return cached;
        }

        var body = Bind(method, cancellationToken);
        return _bodies.GetOrAdd(method, body);
    }

    /// <summary>The symbol summaries are keyed by: original definition, reduced extensions unreduced, partial implementations.</summary>
    public static IMethodSymbol Normalize(IMethodSymbol method)
    {
        if (method.ReducedFrom is { } reducedFrom)
        {
            method = reducedFrom;
        }

        method = method.OriginalDefinition;
        return method.PartialImplementationPart ?? method;
    }

    public bool IsInSource(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) && !method.DeclaringSyntaxReferences.IsEmpty;

    private IOperation? Bind(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!IsInSource(method) || method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            var bodySyntax = syntax switch
            {
                BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } => null,
                BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or ArrowExpressionClauseSyntax => syntax,
                _ => null,
            };

            if (bodySyntax is null)
            {
                continue;
            }

#pragma warning disable RS1030 // Helper bodies live in other trees than the one being analyzed; this is the one shared, cached binding point.
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var operation = model.GetOperation(bodySyntax, cancellationToken);
            if (operation is ILocalFunctionOperation localFunction)
            {
                return localFunction.Body ?? (IOperation?)localFunction.IgnoredBody;
            }

            if (operation is not null)
            {
                return operation;
            }
        }

        return null;
    }
}
