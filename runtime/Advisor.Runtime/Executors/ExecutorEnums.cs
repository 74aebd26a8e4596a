namespace Advisor;

/// <summary>What an executor does with a submission when its queue is full.</summary>
public enum FullQueueBehavior
{
    /// <summary>
    /// The returned task waits (asynchronously, holding no thread) until a queue slot frees up, the submission's
    /// token is cancelled, or the executor is disposed. Back-pressure for producers that can afford to wait.
    /// </summary>
    Wait = 0,

    /// <summary>
    /// The returned task faults at once with an <see cref="ExecutorRejectedException"/> whose
    /// <see cref="ExecutorRejectedException.Reason"/> is <see cref="RejectionReason.QueueFull"/>: load shedding.
    /// </summary>
    Reject = 1,
}

/// <summary>What disposing an executor does with work that was queued but has not started.</summary>
public enum QueuedWorkOnDispose
{
    /// <summary>
    /// Queued work still runs; disposal completes when the queue is empty and every worker has exited.
    /// New submissions are rejected from the moment disposal starts.
    /// </summary>
    Drain = 0,

    /// <summary>
    /// Queued work that has not started never runs: its task faults with an <see cref="ExecutorRejectedException"/>
    /// whose <see cref="ExecutorRejectedException.Reason"/> is <see cref="RejectionReason.Disposed"/>. Work already
    /// running finishes; disposal completes when it has.
    /// </summary>
    Reject = 1,
}

/// <summary>Why an executor did not run a piece of work.</summary>
public enum RejectionReason
{
    /// <summary>The queue was full and the executor's <see cref="FullQueueBehavior"/> is <see cref="FullQueueBehavior.Reject"/>.</summary>
    QueueFull = 0,

    /// <summary>The executor was disposed before the work started.</summary>
    Disposed = 1,
}
