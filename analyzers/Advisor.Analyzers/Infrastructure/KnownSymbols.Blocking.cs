using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Types the blocking rules (ADV2003, ADV2004) need beyond the shared ones.</summary>
internal sealed partial class KnownSymbols
{
    private StrongBox<INamedTypeSymbol?>? _taskFactory, _taskFactoryOfT;

    public INamedTypeSymbol? TaskFactory => Resolve(ref _taskFactory, "System.Threading.Tasks.TaskFactory");
    public INamedTypeSymbol? TaskFactoryOfT => Resolve(ref _taskFactoryOfT, "System.Threading.Tasks.TaskFactory`1");
}
