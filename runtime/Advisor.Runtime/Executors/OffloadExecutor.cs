using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Advisor;

/// <summary>
/// An executor with its own threads (never the ThreadPool) and a bounded queue. Threads start on demand up to a
/// maximum and retire after they have been idle for a while. Submitted work runs in the submitter's
/// <see cref="ExecutionContext"/> (so <see cref="AsyncLocal{T}"/> values and <see cref="Activity.Current"/> are
/// visible), can be cancelled until it starts, and its exception reaches the awaiting caller. Work submitted from
/// one of the executor's own threads runs inline, so nested offloading cannot deadlock.
/// </summary>
/// <remarks>
/// Every submission ends visibly: its task completes with the result, faults with the work's exception, is
/// cancelled (token cancelled before the work started) or faults with an <see cref="ExecutorRejectedException"/>
/// (queue full under <see cref="FullQueueBehavior.Reject"/>, or disposal). Continuations of the returned tasks never
/// run on the executor's threads.
/// </remarks>
public abstract class OffloadExecutor : IDisposable, IAsyncDisposable
{
    [ThreadStatic]
    private static OffloadExecutor? t_current;

    private readonly object _gate = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _disposing = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _timeProvider;
    private readonly int _maxThreads;
    private readonly int _queueCapacity;
    private readonly TimeSpan _idleTimeout;
    private readonly FullQueueBehavior _fullQueue;
    private readonly QueuedWorkOnDispose _onDispose;
    private readonly string _threadNamePrefix;
    private int _threads;
    private int _idle;
    private int _active;
    private int _threadNumber;
    private bool _disposed;

    private protected OffloadExecutor(
        string name,
        int maxThreads,
        int queueCapacity,
        TimeSpan idleTimeout,
        FullQueueBehavior fullQueue,
        QueuedWorkOnDispose onDispose,
        TimeProvider? timeProvider)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An executor needs a name.", nameof(name));
        }

        if (maxThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "An executor needs at least one thread.");
        }

        if (queueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(queueCapacity), queueCapacity, "The queue capacity must be at least 1.");
        }

        if (idleTimeout <= TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The idle timeout must be positive or infinite.");
        }

        Name = name;
        _maxThreads = maxThreads;
        _queueCapacity = queueCapacity;
        _idleTimeout = idleTimeout;
        _fullQueue = fullQueue;
        _onDispose = onDispose;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _slots = new SemaphoreSlim(queueCapacity, queueCapacity);
        _threadNamePrefix = "Advisor " + name + " #";
        AdvisorMetrics.Register(this);
    }

    /// <summary>The executor's name, used in thread names, metrics tags and rejection messages.</summary>
    public string Name { get; }

    /// <summary>The most threads the executor runs at once.</summary>
    public int MaxThreads => _maxThreads;

    /// <summary>How many submissions the queue holds before <see cref="FullQueueBehavior"/> applies.</summary>
    public int QueueCapacity => _queueCapacity;

    /// <summary>How many submissions wait in the queue now (including cancelled ones not yet removed).</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>How many threads are running work now.</summary>
    public int ActiveWorkers => Volatile.Read(ref _active);

    /// <summary>How many threads the executor has now (running work or idle).</summary>
    public int ThreadCount => Volatile.Read(ref _threads);

    /// <summary>True when the calling thread is one of this executor's threads.</summary>
    public bool IsCurrentThreadWorker => ReferenceEquals(t_current, this);

    /// <summary>Runs <paramref name="work"/> on the executor.</summary>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task that completes when the work has run, with its exception if it threw.</returns>
    public Task RunAsync(Action work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Submit(new WorkItem<object?>(work, cancellationToken));
    }

    /// <summary>Runs <paramref name="work"/> on the executor and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task with the work's result, or its exception.</returns>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Submit(new WorkItem<T>(work, cancellationToken));
    }

    /// <summary>
    /// Runs the synchronous part of an asynchronous delegate (up to its first incomplete await) on the executor;
    /// the rest continues wherever the awaited operation completes.
    /// </summary>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task that completes when the task returned by <paramref name="work"/> completes.</returns>
    public Task RunAsync(Func<Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Submit(new WorkItem<Task>(work, cancellationToken)).Unwrap();
    }

    /// <summary>
    /// Runs the synchronous part of an asynchronous delegate (up to its first incomplete await) on the executor;
    /// the rest continues wherever the awaited operation completes.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task with the result of the task returned by <paramref name="work"/>.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Submit(new WorkItem<Task<T>>(work, cancellationToken)).Unwrap();
    }

    private Task<T> Submit<T>(WorkItem<T> item)
    {
        var token = item.Token;
        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(token);
        }

        if (ReferenceEquals(t_current, this))
        {
            // Offloading from one of our own threads: queueing could wait on a slot or a thread only this thread
            // frees, so run it here.
            item.RunInline();
            return item.Task;
        }

        if (Volatile.Read(ref _disposed))
        {
            AdvisorMetrics.Rejected(this, RejectionReason.Disposed);
            return Task.FromException<T>(new ExecutorRejectedException(Name, RejectionReason.Disposed));
        }

        item.Context = ExecutionContext.Capture();
        if (token.CanBeCanceled)
        {
            item.Registration = token.UnsafeRegister(static s => ((WorkItem)s!).TryCancel(), item);
        }

        if (_slots.Wait(0))
        {
            Enqueue(item);
        }
        else if (_fullQueue == FullQueueBehavior.Reject)
        {
            Reject(item, RejectionReason.QueueFull);
        }
        else
        {
            _ = EnqueueWhenSpaceAsync(item);
        }

        return item.Task;
    }

    private async Task EnqueueWhenSpaceAsync(WorkItem item)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(item.Token, _disposing.Token);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (item.Token.IsCancellationRequested)
            {
                item.TryCancel();
            }
            else
            {
                Reject(item, RejectionReason.Disposed);
            }

            return;
        }

        Enqueue(item);
    }

    /// <summary>Puts an item that holds a queue slot on the queue, starting a thread when none is free.</summary>
    private void Enqueue(WorkItem item)
    {
        bool startThread;
        lock (_gate)
        {
            if (_disposed)
            {
                startThread = false;
            }
            else
            {
                item.EnqueuedAt = _timeProvider.GetTimestamp();
                _queue.Enqueue(item);
                startThread = _queue.Count > _idle && _threads < _maxThreads;
                if (startThread)
                {
                    _threads++;
                }
                else if (_idle > 0)
                {
                    Monitor.Pulse(_gate);
                }

                item = null!;
            }
        }

        if (item is not null)
        {
            // Disposal started between the check in Submit and here.
            _slots.Release();
            Reject(item, RejectionReason.Disposed);
            return;
        }

        if (startThread)
        {
            StartThread();
        }
    }

    private void StartThread()
    {
        try
        {
            var thread = new Thread(static s => ((OffloadExecutor)s!).WorkerLoop())
            {
                IsBackground = true,
                Name = _threadNamePrefix + Interlocked.Increment(ref _threadNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            thread.UnsafeStart(this);
        }
        catch (Exception)
        {
            lock (_gate)
            {
                _threads--;
                if (_threads == 0 && (_queue.Count > 0 || _disposed))
                {
                    // No thread could be started and none is left to run the queue: fail what is queued rather than
                    // leave it waiting forever.
                    FailQueuedLocked();
                }
            }
        }
    }

    private void FailQueuedLocked()
    {
        while (_queue.Count > 0)
        {
            var item = _queue.Dequeue();
            _slots.Release();
            Reject(item, RejectionReason.Disposed);
        }

        if (_disposed)
        {
            _exited.TrySetResult();
        }
    }

    private void WorkerLoop()
    {
        t_current = this;
        try
        {
            while (true)
            {
                WorkItem item;
                lock (_gate)
                {
                    while (_queue.Count == 0)
                    {
                        if (_disposed)
                        {
                            return;
                        }

                        _idle++;
                        var signalled = Monitor.Wait(_gate, _idleTimeout);
                        _idle--;
                        if (!signalled && _queue.Count == 0 && !_disposed)
                        {
                            return;
                        }
                    }

                    item = _queue.Dequeue();
                    _active++;
                }

                _slots.Release();
                if (item.TryStart())
                {
                    AdvisorMetrics.QueueWait(this, _timeProvider.GetElapsedTime(item.EnqueuedAt));
                    item.Run();
                }

                lock (_gate)
                {
                    _active--;
                }
            }
        }
        finally
        {
            t_current = null;
            lock (_gate)
            {
                _threads--;
                if (_threads == 0 && _disposed)
                {
                    _exited.TrySetResult();
                }
            }
        }
    }

    private void Reject(WorkItem item, RejectionReason reason)
    {
        if (item.TryReject(new ExecutorRejectedException(Name, reason)))
        {
            AdvisorMetrics.Rejected(this, reason);
        }
    }

    /// <summary>
    /// Starts disposal: new submissions are rejected, queued work runs or is rejected according to the executor's
    /// <see cref="QueuedWorkOnDispose"/>, and the returned task completes when every thread has exited.
    /// </summary>
    /// <returns>A task that completes when every worker thread has exited.</returns>
    public ValueTask DisposeAsync()
    {
        BeginDispose();
        GC.SuppressFinalize(this);
        return IsCurrentThreadWorker ? ValueTask.CompletedTask : new ValueTask(_exited.Task);
    }

    /// <summary>
    /// Disposes the executor like <see cref="DisposeAsync"/> and blocks until every worker thread has exited
    /// (unless called from one of them, which cannot wait for itself).
    /// </summary>
    public void Dispose()
    {
        BeginDispose();
        GC.SuppressFinalize(this);
        if (!IsCurrentThreadWorker)
        {
            _exited.Task.GetAwaiter().GetResult();
        }
    }

    private void BeginDispose()
    {
        List<WorkItem>? dropped = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            if (_onDispose == QueuedWorkOnDispose.Reject)
            {
                dropped = new List<WorkItem>(_queue);
                _queue.Clear();
            }

            Monitor.PulseAll(_gate);
            if (_threads == 0)
            {
                _exited.TrySetResult();
            }
        }

        // Submissions waiting for a queue slot are rejected.
        _disposing.Cancel();
        AdvisorMetrics.Unregister(this);
        if (dropped is not null)
        {
            foreach (var item in dropped)
            {
                _slots.Release();
                Reject(item, RejectionReason.Disposed);
            }
        }
    }
}
