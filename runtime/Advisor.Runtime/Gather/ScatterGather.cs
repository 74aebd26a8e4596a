using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Advisor;

/// <summary>
/// Fan-out with a deadline: <c>await ScatterGather.WithDeadline(shards, (shard, ct) =&gt; shard.SearchAsync(q, ct),
/// TimeSpan.FromMilliseconds(300), token)</c> starts every call at once and returns when all have finished or the
/// deadline passes, whichever is first, with each item's status.
/// </summary>
/// <remarks>
/// Each call starts on a ThreadPool thread of its own, so a call that blocks before its first await delays neither
/// the other calls nor the deadline. At the deadline the pending calls' tokens are cancelled and the gather returns
/// without waiting for them; their later results and exceptions are observed and dropped, so no
/// <see cref="TaskScheduler.UnobservedTaskException"/> is ever raised for them. Cancelling the caller's token cancels
/// every call and the returned task.
/// </remarks>
public static class ScatterGather
{
    /// <summary>Calls <paramref name="call"/> for every item at once and gathers the results until the deadline.</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="items">The items (shards, replicas, partitions).</param>
    /// <param name="call">The call for one item; it must honour its token.</param>
    /// <param name="deadline">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits for every call.</param>
    /// <param name="cancellationToken">Cancels every call and the gather.</param>
    /// <returns>The successful values and each item's status.</returns>
    public static Task<GatherResult<TItem, TResult>> WithDeadline<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> call,
        TimeSpan deadline,
        CancellationToken cancellationToken = default)
        => WithDeadline(items, call, deadline, s_noOptions, cancellationToken);

    /// <summary>
    /// Calls <paramref name="call"/> for every item and gathers the results until the deadline, with a quorum,
    /// a concurrency limit or hedging as <paramref name="options"/> say.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="items">The items (shards, replicas, partitions).</param>
    /// <param name="call">The call for one item; it must honour its token.</param>
    /// <param name="deadline">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits for every call.</param>
    /// <param name="options">Quorum, concurrency limit, hedging, time source.</param>
    /// <param name="cancellationToken">Cancels every call and the gather.</param>
    /// <returns>The successful values and each item's status.</returns>
    public static Task<GatherResult<TItem, TResult>> WithDeadline<TItem, TResult>(
        IEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> call,
        TimeSpan deadline,
        GatherOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(options);
        if (deadline <= TimeSpan.Zero && deadline != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "The deadline must be positive or Timeout.InfiniteTimeSpan.");
        }

        options.Validate();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GatherResult<TItem, TResult>>(cancellationToken);
        }

        var run = new GatherRun<TItem, TResult>(items.ToArray(), call, deadline, options, cancellationToken);
        return run.Start();
    }

    private static readonly GatherOptions s_noOptions = new();
}
