using System;
using System.Collections.Generic;

namespace Advisor;

/// <summary>How one item of a scatter-gather ended.</summary>
public enum GatherStatus
{
    /// <summary>The call returned a value before the gather ended.</summary>
    Succeeded = 0,

    /// <summary>The call threw (or its task faulted or cancelled itself) before the gather ended.</summary>
    Faulted = 1,

    /// <summary>The deadline passed (or the caller's token was cancelled) while the call was running or had not started.</summary>
    TimedOut = 2,

    /// <summary>The gather ended early because <see cref="GatherOptions.MinimumResults"/> calls had succeeded.</summary>
    Skipped = 3,
}

/// <summary>Options of <c>ScatterGather.WithDeadline</c>. All are off by default.</summary>
public sealed class GatherOptions
{
    /// <summary>
    /// Return as soon as this many calls have succeeded (a quorum); the rest are cancelled and reported as
    /// <see cref="GatherStatus.Skipped"/>. Null (default): wait for every call or the deadline.
    /// </summary>
    public int? MinimumResults { get; set; }

    /// <summary>
    /// The most calls running at once; the others start as running ones finish, while the deadline allows.
    /// Null (default): every call starts at once.
    /// </summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// Hedging: an item whose call is still pending this long after it started gets one backup call; the first of the
    /// two to succeed wins and the other is cancelled. Backup calls do not count against <see cref="MaxConcurrency"/>.
    /// Null (default): no hedging.
    /// </summary>
    public TimeSpan? HedgeDelay { get; set; }

    /// <summary>The time source for the deadline, the hedge delay and elapsed times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (MinimumResults is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumResults), MinimumResults, "MinimumResults must be at least 1 when set.");
        }

        if (MaxConcurrency is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be at least 1 when set.");
        }

        if (HedgeDelay is { } hedge && hedge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HedgeDelay), HedgeDelay, "HedgeDelay must be positive when set.");
        }
    }
}

/// <summary>The outcome of one item of a scatter-gather.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class GatherItemResult<TItem, TResult>
{
    internal GatherItemResult(int index, TItem item, GatherStatus status, TResult? value, Exception? exception, TimeSpan elapsed, bool started, bool hedged)
    {
        Index = index;
        Item = item;
        Status = status;
        Value = value;
        Exception = exception;
        Elapsed = elapsed;
        Started = started;
        Hedged = hedged;
    }

    /// <summary>The item's position in the input.</summary>
    public int Index { get; }

    /// <summary>The item.</summary>
    public TItem Item { get; }

    /// <summary>How the item ended.</summary>
    public GatherStatus Status { get; }

    /// <summary>The value when <see cref="Status"/> is <see cref="GatherStatus.Succeeded"/>; otherwise default.</summary>
    public TResult? Value { get; }

    /// <summary>The exception when <see cref="Status"/> is <see cref="GatherStatus.Faulted"/>; otherwise null.</summary>
    public Exception? Exception { get; }

    /// <summary>From the item's first call starting to its end (or to the gather's end when it did not finish); zero when it never started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>True when a call for the item started.</summary>
    public bool Started { get; }

    /// <summary>True when a backup (hedged) call was started for the item.</summary>
    public bool Hedged { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="GatherStatus.Succeeded"/>.</summary>
    public bool Succeeded => Status == GatherStatus.Succeeded;
}

/// <summary>The outcome of a scatter-gather: the successful values and every item's status.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class GatherResult<TItem, TResult>
{
    internal GatherResult(IReadOnlyList<GatherItemResult<TItem, TResult>> items, IReadOnlyList<TResult> values, bool deadlineHit, TimeSpan elapsed)
    {
        Items = items;
        Values = values;
        DeadlineHit = deadlineHit;
        Elapsed = elapsed;
        foreach (var item in items)
        {
            switch (item.Status)
            {
                case GatherStatus.Succeeded: SucceededCount++; break;
                case GatherStatus.Faulted: FaultedCount++; break;
                case GatherStatus.TimedOut: TimedOutCount++; break;
                default: SkippedCount++; break;
            }
        }
    }

    /// <summary>The values of the calls that succeeded, in input order.</summary>
    public IReadOnlyList<TResult> Values { get; }

    /// <summary>Every item's outcome, in input order.</summary>
    public IReadOnlyList<GatherItemResult<TItem, TResult>> Items { get; }

    /// <summary>True when the gather returned because the deadline passed with calls still pending.</summary>
    public bool DeadlineHit { get; }

    /// <summary>How long the gather took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How many items succeeded.</summary>
    public int SucceededCount { get; }

    /// <summary>How many items faulted.</summary>
    public int FaultedCount { get; }

    /// <summary>How many items timed out.</summary>
    public int TimedOutCount { get; }

    /// <summary>How many items were skipped because the quorum was reached.</summary>
    public int SkippedCount { get; }

    /// <summary>True when every item succeeded.</summary>
    public bool AllSucceeded => SucceededCount == Items.Count;
}
