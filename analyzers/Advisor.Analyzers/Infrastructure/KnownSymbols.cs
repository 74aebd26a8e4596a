using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// Well-known types, resolved at most once per compilation and only when a rule first asks for them.
/// This is the only place that may call <see cref="Compilation.GetTypeByMetadataName(string)"/>
/// (see BannedSymbols.txt); rules go through <see cref="AdvisorContext.Symbols"/>.
/// </summary>
internal sealed partial class KnownSymbols
{
    private readonly Compilation _compilation;

    private StrongBox<INamedTypeSymbol?>? _task, _taskOfT, _valueTask, _valueTaskOfT, _asyncEnumerable, _asyncEnumerator;
    private StrongBox<INamedTypeSymbol?>? _cancellationToken, _cancellationTokenSource, _thread, _timeSpan;
    private StrongBox<INamedTypeSymbol?>? _taskAwaiter, _taskAwaiterOfT, _valueTaskAwaiter, _valueTaskAwaiterOfT;
    private StrongBox<INamedTypeSymbol?>? _configuredTaskAwaiter, _configuredTaskAwaiterOfT, _configuredValueTaskAwaiter, _configuredValueTaskAwaiterOfT;
    private StrongBox<INamedTypeSymbol?>? _taskStatus, _semaphoreSlim, _monitor;
    private StrongBox<INamedTypeSymbol?>? _memoryStream, _unmanagedMemoryStream, _stringReader, _stringWriter;
    private StrongBox<INamedTypeSymbol?>? _efDbContext, _efDbSet, _efQueryableExtensions;
    private StrongBox<INamedTypeSymbol?>? _offload, _blockingAttribute, _cpuBoundAttribute, _downstreamAttribute, _requestPathAttribute;

    public KnownSymbols(Compilation compilation)
    {
        _compilation = compilation;
        _resolveOther = Lookup;
    }

    public INamedTypeSymbol? Task => Resolve(ref _task, "System.Threading.Tasks.Task");
    public INamedTypeSymbol? TaskOfT => Resolve(ref _taskOfT, "System.Threading.Tasks.Task`1");
    public INamedTypeSymbol? ValueTask => Resolve(ref _valueTask, "System.Threading.Tasks.ValueTask");
    public INamedTypeSymbol? ValueTaskOfT => Resolve(ref _valueTaskOfT, "System.Threading.Tasks.ValueTask`1");
    public INamedTypeSymbol? IAsyncEnumerableOfT => Resolve(ref _asyncEnumerable, "System.Collections.Generic.IAsyncEnumerable`1");
    public INamedTypeSymbol? IAsyncEnumeratorOfT => Resolve(ref _asyncEnumerator, "System.Collections.Generic.IAsyncEnumerator`1");
    public INamedTypeSymbol? TaskStatus => Resolve(ref _taskStatus, "System.Threading.Tasks.TaskStatus");

    public INamedTypeSymbol? TaskAwaiter => Resolve(ref _taskAwaiter, "System.Runtime.CompilerServices.TaskAwaiter");
    public INamedTypeSymbol? TaskAwaiterOfT => Resolve(ref _taskAwaiterOfT, "System.Runtime.CompilerServices.TaskAwaiter`1");
    public INamedTypeSymbol? ValueTaskAwaiter => Resolve(ref _valueTaskAwaiter, "System.Runtime.CompilerServices.ValueTaskAwaiter");
    public INamedTypeSymbol? ValueTaskAwaiterOfT => Resolve(ref _valueTaskAwaiterOfT, "System.Runtime.CompilerServices.ValueTaskAwaiter`1");
    public INamedTypeSymbol? ConfiguredTaskAwaiter => Resolve(ref _configuredTaskAwaiter, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter");
    public INamedTypeSymbol? ConfiguredTaskAwaiterOfT => Resolve(ref _configuredTaskAwaiterOfT, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter");
    public INamedTypeSymbol? ConfiguredValueTaskAwaiter => Resolve(ref _configuredValueTaskAwaiter, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter");
    public INamedTypeSymbol? ConfiguredValueTaskAwaiterOfT => Resolve(ref _configuredValueTaskAwaiterOfT, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter");

    public INamedTypeSymbol? CancellationToken => Resolve(ref _cancellationToken, "System.Threading.CancellationToken");
    public INamedTypeSymbol? CancellationTokenSource => Resolve(ref _cancellationTokenSource, "System.Threading.CancellationTokenSource");
    public INamedTypeSymbol? Thread => Resolve(ref _thread, "System.Threading.Thread");
    public INamedTypeSymbol? TimeSpan => Resolve(ref _timeSpan, "System.TimeSpan");
    public INamedTypeSymbol? SemaphoreSlim => Resolve(ref _semaphoreSlim, "System.Threading.SemaphoreSlim");
    public INamedTypeSymbol? Monitor => Resolve(ref _monitor, "System.Threading.Monitor");

    public INamedTypeSymbol? MemoryStream => Resolve(ref _memoryStream, "System.IO.MemoryStream");
    public INamedTypeSymbol? UnmanagedMemoryStream => Resolve(ref _unmanagedMemoryStream, "System.IO.UnmanagedMemoryStream");
    public INamedTypeSymbol? StringReader => Resolve(ref _stringReader, "System.IO.StringReader");
    public INamedTypeSymbol? StringWriter => Resolve(ref _stringWriter, "System.IO.StringWriter");

    public INamedTypeSymbol? EfDbContext => Resolve(ref _efDbContext, "Microsoft.EntityFrameworkCore.DbContext");
    public INamedTypeSymbol? EfDbSetOfT => Resolve(ref _efDbSet, "Microsoft.EntityFrameworkCore.DbSet`1");
    public INamedTypeSymbol? EfQueryableExtensions => Resolve(ref _efQueryableExtensions, "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");

    /// <summary><c>Advisor.Offload</c> from Advisor.Runtime, when referenced.</summary>
    public INamedTypeSymbol? Offload => Resolve(ref _offload, "Advisor.Offload");
    public INamedTypeSymbol? BlockingAttribute => Resolve(ref _blockingAttribute, "Advisor.BlockingAttribute");
    public INamedTypeSymbol? CpuBoundAttribute => Resolve(ref _cpuBoundAttribute, "Advisor.CpuBoundAttribute");
    public INamedTypeSymbol? DownstreamAttribute => Resolve(ref _downstreamAttribute, "Advisor.DownstreamAttribute");
    public INamedTypeSymbol? RequestPathAttribute => Resolve(ref _requestPathAttribute, "Advisor.RequestPathAttribute");

    /// <summary>Resolves any other type once; for rules whose types are not listed above.</summary>
    public INamedTypeSymbol? Get(string metadataName) => _others.GetOrAdd(metadataName, _resolveOther);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, INamedTypeSymbol?> _others = new(System.StringComparer.Ordinal);
    private readonly System.Func<string, INamedTypeSymbol?> _resolveOther;

    private INamedTypeSymbol? Resolve(ref StrongBox<INamedTypeSymbol?>? slot, string metadataName)
    {
        var box = Volatile.Read(ref slot);
        if (box is null)
        {
            Interlocked.CompareExchange(ref slot, new StrongBox<INamedTypeSymbol?>(Lookup(metadataName)), null);
            box = slot!;
        }

        return box.Value;
    }

    private INamedTypeSymbol? Lookup(string metadataName)
    {
#pragma warning disable RS0030 // The one sanctioned call site: results are cached for the compilation's lifetime.
        var type = _compilation.GetTypeByMetadataName(metadataName);
        if (type is not null)
        {
            return type;
        }

        // Ambiguous (the same type in several references, e.g. polyfills): prefer the one from the core library,
        // else the first one the compilation can see.
        ImmutableArray<INamedTypeSymbol> candidates = _compilation.GetTypesByMetadataName(metadataName);
#pragma warning restore RS0030
        INamedTypeSymbol? best = null;
        foreach (var candidate in candidates)
        {
            if (candidate.DeclaredAccessibility != Accessibility.Public && !SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, _compilation.Assembly))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, _compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly))
            {
                return candidate;
            }

            best ??= candidate;
        }

        return best;
    }
}
