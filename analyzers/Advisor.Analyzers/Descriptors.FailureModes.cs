using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers;

/// <summary>Question 4, failure modes: unguarded downstream calls, fan-out without deadlines, locks held across waits.</summary>
internal static partial class Descriptors
{
    private const string UnguardedTitle = "Unguarded downstream call";

    private const string UnguardedDescription = "A call to another process with neither a timeout nor a circuit breaker waits as long as the dependency takes. When the dependency slows down or fails, every request that calls it piles up behind it: threads, sockets and memory are held until the whole service stalls (a cascading failure). Run the call inside a resilience pipeline with a timeout and a circuit breaker (Downstream.Guard, a Polly pipeline, or an HttpClient registered with a resilience handler), so a failing dependency fails fast instead.";

    public static readonly DiagnosticDescriptor ADV4001_UnguardedDownstream = Create(
        RuleIds.UnguardedDownstream,
        title: UnguardedTitle,
        messageFormat: "'{0}' calls another process with no timeout and no circuit breaker; when it slows down every request waiting on it piles up, so run it inside Downstream.Guard(\"{1}\") or a resilience pipeline",
        category: Categories.FailureModes,
        DiagnosticSeverity.Warning,
        description: UnguardedDescription);

    /// <summary>
    /// ADV4001 reported at suggestion level: the call has a timeout but no circuit breaker. Same ID as
    /// <see cref="ADV4001_UnguardedDownstream"/>; release tracking lists the ID once, with the warning default.
    /// </summary>
    public static readonly DiagnosticDescriptor ADV4001_TimeoutWithoutBreaker = Create(
        RuleIds.UnguardedDownstream,
        title: UnguardedTitle,
        messageFormat: "'{0}' has a timeout but no circuit breaker; while the dependency is down every request still waits the full timeout, so run it inside Downstream.Guard(\"{1}\") to fail fast",
        category: Categories.FailureModes,
        DiagnosticSeverity.Info,
        description: UnguardedDescription);

    public static readonly DiagnosticDescriptor ADV4002_SequentialFanOut = Create(
        RuleIds.SequentialFanOut,
        title: "Sequential fan-out",
        messageFormat: "This loop awaits independent downstream calls to '{0}' one after another, so its latency is the sum of all calls; this is I/O, start them together with ScatterGather.WithDeadline (partial results at a deadline) or Task.WhenAll",
        category: Categories.FailureModes,
        DiagnosticSeverity.Info,
        description: "Each iteration waits for its downstream call before starting the next one, although no call needs an earlier call's result. The loop's latency grows with the number of items and every slow call delays the whole request. Starting the calls together makes the latency that of the slowest call; with a deadline, that of the deadline.");

    public static readonly DiagnosticDescriptor ADV4003_FanOutWithoutDeadline = Create(
        RuleIds.FanOutWithoutDeadline,
        title: "Fan-out without a deadline",
        messageFormat: "Task.WhenAll waits for the slowest of its downstream calls to '{0}' with no deadline; one stuck dependency holds the whole request, so use ScatterGather.WithDeadline or .WaitAsync(timeout, token)",
        category: Categories.FailureModes,
        DiagnosticSeverity.Info,
        description: "A fan-out finishes when its slowest call finishes. Without a deadline, a timeout token or WaitAsync, one slow or hung shard makes the request as slow as that shard, and under load those requests pile up. Give the fan-out a deadline: ScatterGather.WithDeadline returns the results that arrived in time and cancels the stragglers.");

    public static readonly DiagnosticDescriptor ADV4004_LockAcrossBlocking = Create(
        RuleIds.LockAcrossBlocking,
        title: "Lock held across a blocking call",
        messageFormat: "'{0}' blocks while the {1} is held; every other thread that needs it queues behind the wait, so move the call out of the critical section or make it asynchronous",
        category: Categories.FailureModes,
        DiagnosticSeverity.Warning,
        description: "A lock (lock, Monitor.Enter, SemaphoreSlim.Wait) held across blocking I/O, a synchronous downstream call or a sleep turns one slow wait into a queue: every thread that needs the lock blocks too, each holding a ThreadPool thread, and a slow dependency stalls unrelated requests. Do the I/O outside the critical section, or use an async lock (SemaphoreSlim.WaitAsync) around an awaited call with a timeout.");
}
