using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Resolves virtual and interface calls to their target when that target is certain: the method is not virtual, or
/// its type is sealed, or exactly one implementation exists in this compilation. Built once per compilation from
/// declarations only (no method bodies are bound).
/// </summary>
internal sealed class ImplementationIndex
{
    private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _implementations = new(SymbolEqualityComparer.Default);

    private ImplementationIndex()
    {
    }

    public static ImplementationIndex Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var index = new ImplementationIndex();
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = stack.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested)
                {
                    stack.Push(nested);
                }

                if (member is INamedTypeSymbol type)
                {
                    index.AddType(type);
                }
            }
        }

        return index;
    }

    /// <summary>
    /// The method a call to <paramref name="target"/> certainly runs, or null when it cannot be known statically
    /// (several overrides or implementations, or none with a body in this compilation).
    /// </summary>
    public IMethodSymbol? Resolve(IMethodSymbol target)
    {
        var normalized = MethodBodies.Normalize(target);
        var isInterface = normalized.ContainingType?.TypeKind == TypeKind.Interface;
        var isVirtual = isInterface ? normalized.IsAbstract || normalized.IsVirtual : normalized.IsVirtual || normalized.IsAbstract || normalized.IsOverride;
        if (!isVirtual || normalized.IsSealed || normalized.ContainingType?.IsSealed == true)
        {
            return normalized.IsAbstract ? null : normalized;
        }

        if (!_implementations.TryGetValue(isInterface ? normalized : OverriddenRoot(normalized), out var candidates))
        {
            // Virtual with no override anywhere in this compilation: the declared body runs (unless derived types live elsewhere).
            return normalized.IsAbstract || isInterface ? null : normalized;
        }

        IMethodSymbol? single = null;
        var count = normalized.IsAbstract || isInterface ? 0 : 1;
        foreach (var candidate in candidates)
        {
            single = candidate;
            count++;
        }

        if (count != 1)
        {
            return null;
        }

        return single ?? normalized;
    }

    private void AddType(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { IsAbstract: false } method)
            {
                continue;
            }

            if (method.OverriddenMethod is { } overridden)
            {
                Add(OverriddenRoot(overridden.OriginalDefinition), method.OriginalDefinition);
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                Add(implemented.OriginalDefinition, method.OriginalDefinition);
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            // Calls through framework interfaces rarely reach source helpers that matter; indexing them would cost
            // a lookup per interface member per type.
            if (!SymbolEqualityComparer.Default.Equals(@interface.ContainingAssembly, type.ContainingAssembly))
            {
                continue;
            }

            foreach (var interfaceMember in @interface.GetMembers())
            {
                if (interfaceMember is IMethodSymbol interfaceMethod
                    && type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type)
                    && implementation.ExplicitInterfaceImplementations.IsEmpty)
                {
                    Add(interfaceMethod.OriginalDefinition, implementation.OriginalDefinition);
                }
            }
        }
    }

    private void Add(IMethodSymbol key, IMethodSymbol implementation)
    {
        if (!_implementations.TryGetValue(key, out var list))
        {
            list = new List<IMethodSymbol>();
            _implementations.Add(key, list);
        }

        if (!list.Contains(implementation, SymbolEqualityComparer.Default))
        {
            list.Add(implementation);
        }
    }

    private static IMethodSymbol OverriddenRoot(IMethodSymbol method)
    {
        while (method.OverriddenMethod is { } overridden)
        {
            method = overridden.OriginalDefinition;
        }

        return method;
    }
}
