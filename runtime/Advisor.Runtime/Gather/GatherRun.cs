using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Advisor;

/// <summary>The state of one scatter-gather: every item's attempts, the deadline and hedge timers, the outcome.</summary>
internal sealed class GatherRun<TItem, TResult>
{
    private readonly object _gate = new();
    private readonly TItem[] _items;
    private readonly Func<TItem, CancellationToken, Task<TResult>> _call;
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _time;
    private readonly int _minimumResults;
    private readonly int _maxConcurrency;
    private readonly TimeSpan? _hedgeDelay;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<GatherResult<TItem, TResult>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Slot[] _slots;
    private CancellationTokenRegistration _callerRegistration;
    private ITimer? _deadlineTimer;
    private long _startedAt;
    private int _nextToStart;
    private int _running;
    private int _done;
    private int _succeeded;
    private bool _finished;

    internal GatherRun(TItem[] items, Func<TItem, CancellationToken, Task<TResult>> call, TimeSpan deadline, GatherOptions options, CancellationToken callerToken)
    {
        _items = items;
        _call = call;
        _deadline = deadline;
        _time = options.TimeProvider ?? TimeProvider.System;
        _minimumResults = options.MinimumResults ?? int.MaxValue;
        _maxConcurrency = options.MaxConcurrency ?? int.MaxValue;
        _hedgeDelay = options.HedgeDelay;
        _callerToken = callerToken;
        _slots = new Slot[items.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot();
        }
    }

    private enum Ending
    {
        AllDone,
        Quorum,
        Deadline,
        Cancelled,
    }

    internal Task<GatherResult<TItem, TResult>> Start()
    {
        _startedAt = _time.GetTimestamp();
        if (_callerToken.CanBeCanceled)
        {
            _callerRegistration = _callerToken.UnsafeRegister(static s => ((GatherRun<TItem, TResult>)s!).OnCallerCancelled(), this);
        }

        lock (_gate)
        {
            if (_finished)
            {
                // The caller's token was cancelled while registering.
            }
            else if (_items.Length == 0)
            {
                FinishLocked(Ending.AllDone);
            }
            else
            {
                if (_deadline != Timeout.InfiniteTimeSpan)
                {
                    _deadlineTimer = _time.CreateTimer(static s => ((GatherRun<TItem, TResult>)s!).OnDeadline(), this, _deadline, Timeout.InfiniteTimeSpan);
                }

                while (_nextToStart < _items.Length && _running < _maxConcurrency)
                {
                    StartItemLocked(_nextToStart++);
                }
            }
        }

        return _completion.Task;
    }

    private void StartItemLocked(int index)
    {
        var slot = _slots[index];
        slot.StartedAt = _time.GetTimestamp();
        slot.Started = true;
        _running++;
        Dispatch(new Attempt(this, index, hedge: false));
        if (_hedgeDelay is { } delay)
        {
            slot.HedgeTimer = _time.CreateTimer(static s => ((Attempt)s!).Run.OnHedgeDue(((Attempt)s!).Index), new Attempt(this, index, hedge: false), delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Dispatch(Attempt attempt)
    {
        var slot = _slots[attempt.Index];
        slot.Pending++;
        if (_hedgeDelay is not null)
        {
            // Each attempt of a hedged item has its own token, so the loser can be cancelled alone.
            attempt.Source = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            (attempt.Hedge ? ref slot.Backup : ref slot.Primary) = attempt.Source;
        }

        // Start on a pool thread of its own: a call that blocks before its first await holds only that thread.
        ThreadPool.QueueUserWorkItem(static a => a.Run.Invoke(a), attempt, preferLocal: false);
    }

    private void Invoke(Attempt attempt)
    {
        Task<TResult> task;
        try
        {
            task = _call(_items[attempt.Index], attempt.Source?.Token ?? _stop.Token)
                ?? throw new InvalidOperationException("The scatter-gather call returned a null task.");
        }
        catch (Exception ex)
        {
            task = Task.FromException<TResult>(ex);
        }

        task.ContinueWith(
            static (t, s) => ((Attempt)s!).Run.OnAttemptCompleted((Attempt)s!, t),
            attempt,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnAttemptCompleted(Attempt attempt, Task<TResult> task)
    {
        // Reading the exception marks it observed, whether or not the gather still wants it.
        var exception = task.IsFaulted ? Unwrap(task.Exception!) : task.IsCanceled ? new TaskCanceledException(task) : null;
        attempt.Source?.Dispose();
        CancellationTokenSource? loser = null;
        lock (_gate)
        {
            var slot = _slots[attempt.Index];
            slot.Pending--;
            if (_finished || slot.Done)
            {
                return;
            }

            if (exception is null)
            {
                slot.Done = true;
                slot.Status = GatherStatus.Succeeded;
                slot.Value = task.Result;
                _succeeded++;
                loser = attempt.Hedge ? slot.Primary : slot.Backup;
            }
            else
            {
                slot.Exception = exception;
                if (slot.Pending > 0)
                {
                    // The other attempt of a hedged item may still succeed.
                    return;
                }

                slot.Done = true;
                slot.Status = GatherStatus.Faulted;
            }

            slot.Elapsed = _time.GetElapsedTime(slot.StartedAt);
            slot.HedgeTimer?.Dispose();
            _done++;
            _running--;
            if (_done == _items.Length)
            {
                FinishLocked(Ending.AllDone);
            }
            else if (_succeeded >= _minimumResults)
            {
                FinishLocked(Ending.Quorum);
            }
            else if (_nextToStart < _items.Length)
            {
                StartItemLocked(_nextToStart++);
            }
        }

        CancelQuietly(loser);
    }

    private void OnHedgeDue(int index)
    {
        lock (_gate)
        {
            var slot = _slots[index];
            if (_finished || slot.Done || slot.Hedged)
            {
                return;
            }

            slot.Hedged = true;
            Dispatch(new Attempt(this, index, hedge: true));
        }
    }

    private void OnDeadline()
    {
        lock (_gate)
        {
            if (!_finished)
            {
                FinishLocked(Ending.Deadline);
            }
        }
    }

    private void OnCallerCancelled()
    {
        lock (_gate)
        {
            if (!_finished)
            {
                FinishLocked(Ending.Cancelled);
            }
        }
    }

    /// <summary>Ends the gather: snapshots every item, stops timers, cancels pending calls and completes the task.</summary>
    private void FinishLocked(Ending ending)
    {
        _finished = true;
        var elapsed = _time.GetElapsedTime(_startedAt);
        var results = new GatherItemResult<TItem, TResult>[_items.Length];
        var values = new List<TResult>(_succeeded);
        var pendingCalls = false;
        for (var i = 0; i < _items.Length; i++)
        {
            var slot = _slots[i];
            slot.HedgeTimer?.Dispose();
            if (slot.Done)
            {
                if (slot.Status == GatherStatus.Succeeded)
                {
                    values.Add(slot.Value!);
                }

                results[i] = new GatherItemResult<TItem, TResult>(i, _items[i], slot.Status, slot.Value, slot.Status == GatherStatus.Faulted ? slot.Exception : null, slot.Elapsed, slot.Started, slot.Hedged);
            }
            else
            {
                pendingCalls |= slot.Started;
                var status = ending == Ending.Quorum ? GatherStatus.Skipped : GatherStatus.TimedOut;
                var itemElapsed = slot.Started ? _time.GetElapsedTime(slot.StartedAt) : TimeSpan.Zero;
                results[i] = new GatherItemResult<TItem, TResult>(i, _items[i], status, default, null, itemElapsed, slot.Started, slot.Hedged);
            }
        }

        _deadlineTimer?.Dispose();
        var result = new GatherResult<TItem, TResult>(results, values, ending == Ending.Deadline, elapsed);
        AdvisorMetrics.Gathered(result.SucceededCount, result.FaultedCount, result.TimedOutCount, result.SkippedCount, result.DeadlineHit, elapsed);

        // Complete and cancel off this lock and off the thread that got here (a timer, a call's continuation or the
        // caller's cancellation): cancellation callbacks of the stragglers may run user code.
        ThreadPool.UnsafeQueueUserWorkItem(
            static s => s.run.Complete(s.ending, s.result, s.pendingCalls),
            (run: this, ending, result, pendingCalls),
            preferLocal: false);
    }

    private void Complete(Ending ending, GatherResult<TItem, TResult> result, bool pendingCalls)
    {
        _callerRegistration.Dispose();
        if (pendingCalls || _hedgeDelay is not null)
        {
            CancelQuietly(_stop);
        }

        if (ending == Ending.Cancelled)
        {
            _completion.TrySetCanceled(_callerToken);
        }
        else
        {
            _completion.TrySetResult(result);
        }
    }

    private static void CancelQuietly(CancellationTokenSource? source)
    {
        if (source is null)
        {
            return;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already completed and released its source.
        }
        catch (AggregateException)
        {
            // A straggler's cancellation callback threw; the gather's outcome does not depend on it.
        }
    }

    private static Exception Unwrap(AggregateException exception)
        => exception.InnerExceptions.Count == 1 ? exception.InnerExceptions[0] : exception;

    private sealed class Slot
    {
        internal bool Started;
        internal bool Done;
        internal bool Hedged;
        internal int Pending;
        internal long StartedAt;
        internal TimeSpan Elapsed;
        internal GatherStatus Status;
        internal TResult? Value;
        internal Exception? Exception;
        internal ITimer? HedgeTimer;
        internal CancellationTokenSource? Primary;
        internal CancellationTokenSource? Backup;
    }

    private sealed class Attempt(GatherRun<TItem, TResult> run, int index, bool hedge)
    {
        internal GatherRun<TItem, TResult> Run { get; } = run;

        internal int Index { get; } = index;

        internal bool Hedge { get; } = hedge;

        internal CancellationTokenSource? Source;
    }
}
