using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Where an operation runs: the innermost method, local function or lambda that contains it.</summary>
internal static class FunctionContext
{
    /// <summary>
    /// The innermost function containing <paramref name="operation"/>: a lambda or local function when there is
    /// one, else the member that owns the operation block (<paramref name="containingSymbol"/>).
    /// </summary>
    public static IMethodSymbol? GetEnclosingFunction(IOperation operation, ISymbol? containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
            }
        }

        return containingSymbol as IMethodSymbol;
    }

    /// <summary>The operation that is the body of the innermost function containing <paramref name="operation"/>.</summary>
    public static IOperation GetEnclosingBody(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>True when the operation sits inside a <c>lock</c> statement of its own function.</summary>
    public static bool IsInsideLock(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILockOperation:
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Strips implicit conversions and parentheses.</summary>
    public static IOperation? WalkDownConversions(this IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => operation,
            };
        }

        return operation;
    }
}
