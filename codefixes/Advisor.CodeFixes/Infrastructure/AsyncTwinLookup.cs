using Microsoft.CodeAnalysis;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>The async twin a converted helper chain awaits in place of its blocking call.</summary>
internal static class AsyncTwinLookup
{
    /// <summary>
    /// <c>NameAsync</c> on the same type (or a base type) with the same staticness and parameter types, optionally followed
    /// by an optional CancellationToken, returning the awaitable form of the same result.
    /// </summary>
    public static IMethodSymbol? Find(IMethodSymbol method, Compilation compilation)
    {
        var original = method.ReducedFrom ?? method;
        var token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        for (var type = original.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(original.Name + "Async"))
            {
                if (member is IMethodSymbol candidate
                    && candidate.IsStatic == original.IsStatic
                    && candidate.IsGenericMethod == original.IsGenericMethod
                    && ParametersMatch(original, candidate, token)
                    && ReturnMatches(original, candidate, compilation))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool ParametersMatch(IMethodSymbol original, IMethodSymbol candidate, INamedTypeSymbol? token)
    {
        var count = original.Parameters.Length;
        if (candidate.Parameters.Length != count
            && !(candidate.Parameters.Length == count + 1 && candidate.Parameters[count].IsOptional && SymbolEqualityComparer.Default.Equals(candidate.Parameters[count].Type, token)))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(original.Parameters[i].Type, candidate.Parameters[i].Type) || original.Parameters[i].RefKind != candidate.Parameters[i].RefKind)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReturnMatches(IMethodSymbol original, IMethodSymbol candidate, Compilation compilation)
    {
        if (candidate.ReturnType is not INamedTypeSymbol returned || !AsyncConversion.IsTaskType(returned, compilation))
        {
            return false;
        }

        return original.ReturnsVoid
            ? !returned.IsGenericType
            : returned.IsGenericType && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], original.ReturnType);
    }
}
