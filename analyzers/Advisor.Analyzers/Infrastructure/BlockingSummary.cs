using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>
/// "This synchronous method blocks": it makes a blocking call (<see cref="BlockingCalls"/>: task waits, sync APIs with
/// an async twin, catalogued blocking APIs) or calls a synchronous method of this compilation that blocks, at any depth.
/// Work inside lambdas is not counted (it may run elsewhere, e.g. inside <c>Offload.Blocking</c> or <c>Task.Run</c>),
/// and virtual or interface calls are followed only when their target is certain (<see cref="CallGraph"/>).
/// Whole-compilation and computed once: one instance per compilation and set of options, shared by every analyzer,
/// thread-safe, each method bound and scanned at most once (<see cref="TransitiveSummary"/>).
/// </summary>
/// <remarks>
/// Reachability inside a helper is not analysed: a blocking call in a branch that never runs still makes the helper
/// block. Proving a branch dead needs constant propagation across calls, and a helper whose blocking branch is dead
/// today is one edit away from blocking; the finding then tells the truth about the code as written.
/// </remarks>
internal sealed class BlockingSummary
{
    private readonly AdvisorContext _advisor;
    private readonly TransitiveSummary _summary;
    private readonly ConcurrentDictionary<DirectFinding, BlockingCallKind> _kinds = new();

    private BlockingSummary(AdvisorContext advisor, BlockingCalls calls)
    {
        _advisor = advisor;
        Calls = calls;
        _summary = new TransitiveSummary(advisor, FindDirect, ShouldFollow);
    }

    public BlockingCalls Calls { get; }

    public static BlockingSummary For(AdvisorContext advisor, AnalyzerOptions options, CancellationToken cancellationToken)
        => advisor.GetSummary(
            new SummaryKey(options),
            (context, token) => new BlockingSummary(context, BlockingCalls.For(context, options, token)),
            cancellationToken);

    /// <summary>The chain by which <paramref name="method"/> blocks, or null when it does not (or is async).</summary>
    public CallChain? Get(IMethodSymbol method, CancellationToken cancellationToken) => _summary.Get(method, cancellationToken);

    /// <summary>The kind of the blocking call that ends <paramref name="chain"/>.</summary>
    public BlockingCallKind KindOf(CallChain chain)
        => _kinds.TryGetValue(chain.Finding, out var kind) ? kind : BlockingCallKind.Catalogue;

    /// <summary>Only synchronous code is summarized: an async method that blocks is reported inside itself.</summary>
    private bool ShouldFollow(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.PropertyGet or MethodKind.PropertySet
               or MethodKind.LocalFunction or MethodKind.StaticConstructor or MethodKind.UserDefinedOperator or MethodKind.Conversion
           && !_advisor.IsAsyncContext(method);

    // The first blocking call in source order, outside lambdas (EnumerateFunctionOperations does not enter them).
    private DirectFinding? FindDirect(IMethodSymbol method, IOperation body, CancellationToken cancellationToken)
    {
        BlockingCall? first = null;
        foreach (var operation in TaskCompletion.EnumerateFunctionOperations(body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Calls.Find(operation) is { } call
                && (first is null || call.Operation.Syntax.SpanStart < first.Value.Operation.Syntax.SpanStart))
            {
                first = call;
            }
        }

        if (first is not { } found)
        {
            return null;
        }

        var finding = new DirectFinding(found.Description, found.Operation.Syntax.GetLocation());
        _kinds[finding] = found.Kind;
        return finding;
    }

    private sealed class SummaryKey : IEquatable<SummaryKey>
    {
        private readonly ImmutableArray<AdditionalText> _files;

        public SummaryKey(AnalyzerOptions options) => _files = options.AdditionalFiles;

        public bool Equals(SummaryKey? other) => other is not null && _files == other._files;

        public override bool Equals(object? obj) => Equals(obj as SummaryKey);

        public override int GetHashCode() => _files.IsDefault ? 1 : _files.Length + 1;
    }
}
