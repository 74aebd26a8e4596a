using System;
using System.Threading;
using System.Threading.Tasks;

namespace Advisor;

/// <summary>One submission: the delegate, its captured context and the task its caller awaits.</summary>
internal abstract class WorkItem
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private static readonly ContextCallback s_execute = static state => ((WorkItem)state!).Execute();

    private int _state;

    internal ExecutionContext? Context;
    internal long EnqueuedAt;
    internal CancellationTokenRegistration Registration;

    internal abstract CancellationToken Token { get; }

    /// <summary>Claims the item for running; false when it was cancelled or rejected first.</summary>
    internal bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
        {
            return false;
        }

        Registration.Dispose();
        return true;
    }

    /// <summary>Runs the claimed item in the submitter's execution context.</summary>
    internal void Run()
    {
        var context = Context;
        Context = null;
        if (context is null)
        {
            Execute();
        }
        else
        {
            ExecutionContext.Run(context, s_execute, this);
        }
    }

    /// <summary>Completes an item that never ran as rejected; false when it already started or completed.</summary>
    internal bool TryReject(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) != Queued)
        {
            return false;
        }

        Registration.Dispose();
        SetException(exception);
        return true;
    }

    /// <summary>Completes an item that never ran as cancelled; false when it already started or completed.</summary>
    internal bool TryCancel()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) != Queued)
        {
            return false;
        }

        SetCanceled();
        return true;
    }

    /// <summary>Runs the delegate inline on the calling thread (no queue, no context switch).</summary>
    internal void RunInline()
    {
        _state = Started;
        Execute();
    }

    protected abstract void Execute();

    protected abstract void SetException(Exception exception);

    protected abstract void SetCanceled();
}

internal sealed class WorkItem<T> : WorkItem
{
    private readonly object _work;
    private readonly CancellationToken _token;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WorkItem(object work, CancellationToken token)
    {
        _work = work;
        _token = token;
    }

    internal Task<T> Task => _completion.Task;

    internal override CancellationToken Token => _token;

    protected override void Execute()
    {
        try
        {
            if (_work is Func<T> func)
            {
                _completion.TrySetResult(func());
            }
            else
            {
                ((Action)_work)();
                _completion.TrySetResult(default!);
            }
        }
        catch (OperationCanceledException ex) when (_token.IsCancellationRequested && ex.CancellationToken == _token)
        {
            _completion.TrySetCanceled(_token);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    protected override void SetException(Exception exception) => _completion.TrySetException(exception);

    protected override void SetCanceled() => _completion.TrySetCanceled(_token);
}
