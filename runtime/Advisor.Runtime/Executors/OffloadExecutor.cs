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
    /// <summary>How many spin iterations a worker that ran out of work waits for more before it sleeps.</summary>
    private const int SpinIterations = 30;

    [ThreadStatic]
    private static OffloadExecutor? t_current;

    private readonly object _gate = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly Queue<WorkItem> _waiting = new();
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
    private int _startPending;
    private int _spinning;
    private int _queuedCount;
    private bool _wakePending;
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
        _threadNamePrefix = "Advisor " + name + " #";
        AdvisorMetrics.Register(this);
    }

    /// <summary>The executor's name, used in thread names, metrics tags and rejection messages.</summary>
    public string Name { get; }

    /// <summary>The most threads the executor runs at once.</summary>
    public int MaxThreads => _maxThreads;

    /// <summary>How many submissions the queue holds before <see cref="FullQueueBehavior"/> applies.</summary>
    public int QueueCapacity => _queueCapacity;

    /// <summary>
    /// How many submissions wait to start now: in the queue, plus those waiting for a queue slot under
    /// <see cref="FullQueueBehavior.Wait"/> (cancelled ones count until a worker removes them).
    /// </summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + _waiting.Count;
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

        item.Context = ExecutionContext.Capture();
        item.EnqueuedAt = _timeProvider.GetTimestamp();
        if (token.CanBeCanceled)
        {
            item.Registration = token.UnsafeRegister(static s => ((WorkItem)s!).TryCancel(), item);
        }

        RejectionReason? rejection = null;
        var startThread = false;
        lock (_gate)
        {
            if (_disposed)
            {
                rejection = RejectionReason.Disposed;
            }
            else if (_queue.Count < _queueCapacity)
            {
                _queue.Enqueue(item);
                Volatile.Write(ref _queuedCount, _queue.Count);
                startThread = SignalLocked();
            }
            else if (_fullQueue == FullQueueBehavior.Reject)
            {
                rejection = RejectionReason.QueueFull;
            }
            else
            {
                // Waits, holding no thread, until a worker takes an item off the queue and moves this one in.
                _waiting.Enqueue(item);
            }
        }

        if (rejection is { } reason)
        {
            Reject(item, reason);
        }
        else if (startThread)
        {
            StartThread();
        }

        return item.Task;
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
                _startPending--;
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
            Reject(_queue.Dequeue(), RejectionReason.Disposed);
        }

        while (_waiting.Count > 0)
        {
            Reject(_waiting.Dequeue(), RejectionReason.Disposed);
        }

        Volatile.Write(ref _queuedCount, 0);

        if (_disposed)
        {
            _exited.TrySetResult();
        }
    }

    /// <summary>
    /// Makes sure a thread comes for the queued work: when none is already on its way, wakes one idle thread or
    /// starts a new one (below the maximum). A thread that takes an item and still sees work calls this again, so
    /// wake-ups chain one at a time instead of waking every idle thread for a burst of short items. Returns true
    /// when the caller must start a thread (after leaving the lock).
    /// </summary>
    private bool SignalLocked()
    {
        if (_wakePending || _startPending > 0 || _spinning > 0)
        {
            return false;
        }

        if (_idle > 0)
        {
            _wakePending = true;
            Monitor.Pulse(_gate);
            return false;
        }

        if (_threads < _maxThreads)
        {
            _threads++;
            _startPending++;
            return true;
        }

        // Every thread is busy; each takes the next item when it finishes.
        return false;
    }

    private void WorkerLoop()
    {
        t_current = this;
        var starting = true;
        var finishedItem = false;
        var spun = false;
        try
        {
            while (true)
            {
                WorkItem item;
                bool startThread;
                lock (_gate)
                {
                    if (starting)
                    {
                        starting = false;
                        _startPending--;
                    }

                    if (finishedItem)
                    {
                        finishedItem = false;
                        _active--;
                    }

                    while (_queue.Count == 0)
                    {
                        if (_disposed)
                        {
                            return;
                        }

                        if (!spun)
                        {
                            // Spin briefly outside the lock before sleeping: work that arrives meanwhile is taken
                            // without a wake-up (SignalLocked leaves it to the spinner).
                            spun = true;
                            _spinning++;
                            Monitor.Exit(_gate);
                            try
                            {
                                var spinner = default(SpinWait);
                                for (var i = 0; i < SpinIterations && Volatile.Read(ref _queuedCount) == 0; i++)
                                {
                                    spinner.SpinOnce(sleep1Threshold: -1);
                                }
                            }
                            finally
                            {
                                Monitor.Enter(_gate);
                                _spinning--;
                            }

                            continue;
                        }

                        _idle++;
                        var signalled = Monitor.Wait(_gate, _idleTimeout);
                        _idle--;

                        // Cleared on any wake-up: a stale flag could stop further wake-ups, an early clear only
                        // costs a spare one.
                        _wakePending = false;
                        if (!signalled && _queue.Count == 0 && !_disposed)
                        {
                            return;
                        }
                    }

                    item = _queue.Dequeue();
                    spun = false;
                    _active++;
                    while (_waiting.Count > 0)
                    {
                        // A slot freed up: the oldest submission still waiting for one moves into the queue.
                        var waiting = _waiting.Dequeue();
                        if (!waiting.IsAbandoned)
                        {
                            _queue.Enqueue(waiting);
                            break;
                        }
                    }

                    Volatile.Write(ref _queuedCount, _queue.Count);
                    startThread = _queue.Count > 0 && SignalLocked();
                }

                if (startThread)
                {
                    StartThread();
                }

                if (item.TryStart())
                {
                    AdvisorMetrics.QueueWait(this, _timeProvider.GetElapsedTime(item.EnqueuedAt));
                    item.Run();
                }

                finishedItem = true;
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
        List<WorkItem> dropped;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);

            // Submissions still waiting for a queue slot never got one: rejected in both modes.
            dropped = new List<WorkItem>(_waiting);
            _waiting.Clear();
            if (_onDispose == QueuedWorkOnDispose.Reject)
            {
                dropped.AddRange(_queue);
                _queue.Clear();
                Volatile.Write(ref _queuedCount, 0);
            }

            Monitor.PulseAll(_gate);
            if (_threads == 0)
            {
                _exited.TrySetResult();
            }
        }

        AdvisorMetrics.Unregister(this);
        foreach (var item in dropped)
        {
            Reject(item, RejectionReason.Disposed);
        }
    }
}
