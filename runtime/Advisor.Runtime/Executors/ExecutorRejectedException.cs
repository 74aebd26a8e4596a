using System;

namespace Advisor;

/// <summary>
/// The exception a task returned by an <see cref="OffloadExecutor"/> faults with when the executor did not run the
/// work: its queue was full, or it was disposed before the work started. The work never ran, so retrying it is safe.
/// </summary>
public sealed class ExecutorRejectedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="executorName">The name of the executor that rejected the work.</param>
    /// <param name="reason">Why the work was rejected.</param>
    public ExecutorRejectedException(string executorName, RejectionReason reason)
        : base(reason == RejectionReason.QueueFull
            ? $"The '{executorName}' executor rejected the work: its queue is full. The work did not run."
            : $"The '{executorName}' executor rejected the work: it was disposed before the work started. The work did not run.")
    {
        ExecutorName = executorName;
        Reason = reason;
    }

    /// <summary>The name of the executor that rejected the work.</summary>
    public string ExecutorName { get; }

    /// <summary>Why the work was rejected.</summary>
    public RejectionReason Reason { get; }
}
