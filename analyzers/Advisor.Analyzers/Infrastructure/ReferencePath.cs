using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// A side-effect-free storage location named by a chain of symbols: <c>t</c>, <c>this.task</c>,
/// <c>job.Completion</c>, <c>Holder.Shared.Task</c>. Two expressions with equal paths read the same location
/// (as long as nothing assigns it in between), which is what the "provably complete" checks need.
/// </summary>
internal readonly struct ReferencePath
{
    private readonly ImmutableArray<ISymbol> _symbols;

    private ReferencePath(ImmutableArray<ISymbol> symbols) => _symbols = symbols;

    public bool IsDefault => _symbols.IsDefaultOrEmpty;

    /// <summary>The symbol at the root: a local, parameter, or the first field/property off <c>this</c> or a type.</summary>
    public ISymbol? Root => IsDefault ? null : _symbols[0];

    /// <summary>The last symbol of the chain: the location itself.</summary>
    public ISymbol? Leaf => IsDefault ? null : _symbols[_symbols.Length - 1];

    public static bool TryCreate(IOperation? operation, out ReferencePath path)
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        if (Collect(operation.WalkDownConversions(), builder))
        {
            builder.Reverse();
            path = new ReferencePath(builder.ToImmutable());
            return true;
        }

        path = default;
        return false;
    }

    public bool Equals(ReferencePath other)
    {
        if (IsDefault || other.IsDefault || _symbols.Length != other._symbols.Length)
        {
            return false;
        }

        for (var i = 0; i < _symbols.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(_symbols[i], other._symbols[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="operation"/> names exactly this location.</summary>
    public bool Matches(IOperation? operation) => TryCreate(operation, out var other) && Equals(other);

    // Collects leaf-to-root; the caller reverses.
    private static bool Collect(IOperation? operation, ImmutableArray<ISymbol>.Builder builder)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                builder.Add(local.Local);
                return true;
            case IParameterReferenceOperation parameter:
                builder.Add(parameter.Parameter);
                return true;
            case IFieldReferenceOperation field:
                builder.Add(field.Field);
                return field.Instance is null or IInstanceReferenceOperation || Collect(field.Instance.WalkDownConversions(), builder);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                builder.Add(property.Property);
                return property.Instance is null or IInstanceReferenceOperation || Collect(property.Instance.WalkDownConversions(), builder);
            default:
                return false;
        }
    }
}
