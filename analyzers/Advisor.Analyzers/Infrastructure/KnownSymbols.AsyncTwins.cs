using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Types the async-twin lookup (<see cref="AsyncTwins"/>) and ADV2002 need.</summary>
internal sealed partial class KnownSymbols
{
    private StrongBox<INamedTypeSymbol?>? _enumerable, _queryable, _queryableOfT, _span, _readOnlySpan, _memory, _readOnlyMemory;
    private StrongBox<INamedTypeSymbol?>? _obsoleteAttribute, _console, _xmlReader, _xmlWriter, _taskFactory, _stream;

    public INamedTypeSymbol? Enumerable => Resolve(ref _enumerable, "System.Linq.Enumerable");
    public INamedTypeSymbol? Queryable => Resolve(ref _queryable, "System.Linq.Queryable");
    public INamedTypeSymbol? IQueryableOfT => Resolve(ref _queryableOfT, "System.Linq.IQueryable`1");
    public INamedTypeSymbol? SpanOfT => Resolve(ref _span, "System.Span`1");
    public INamedTypeSymbol? ReadOnlySpanOfT => Resolve(ref _readOnlySpan, "System.ReadOnlySpan`1");
    public INamedTypeSymbol? MemoryOfT => Resolve(ref _memory, "System.Memory`1");
    public INamedTypeSymbol? ReadOnlyMemoryOfT => Resolve(ref _readOnlyMemory, "System.ReadOnlyMemory`1");
    public INamedTypeSymbol? ObsoleteAttribute => Resolve(ref _obsoleteAttribute, "System.ObsoleteAttribute");
    public INamedTypeSymbol? Console => Resolve(ref _console, "System.Console");
    public INamedTypeSymbol? XmlReader => Resolve(ref _xmlReader, "System.Xml.XmlReader");
    public INamedTypeSymbol? XmlWriter => Resolve(ref _xmlWriter, "System.Xml.XmlWriter");
    public INamedTypeSymbol? TaskFactory => Resolve(ref _taskFactory, "System.Threading.Tasks.TaskFactory");
    public INamedTypeSymbol? Stream => Resolve(ref _stream, "System.IO.Stream");

}
