using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers;

/// <summary>Question 3, at what scale: parallelism and threads created per request.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor ADV3001_ParallelLoop = Create(
        RuleIds.ParallelLoop,
        title: "Parallel loop on the request path",
        messageFormat: "'{0}' on the request path blocks the request thread while it fans CPU work out over the shared ThreadPool; under load parallel requests oversubscribe the cores and compete with every other request: run the work on Offload.Cpu instead",
        category: Categories.Scale,
        DiagnosticSeverity.Warning,
        description: "Parallel.For, Parallel.ForEach, Parallel.Invoke and PLINQ block the calling thread until the work finishes and borrow more ThreadPool threads to run it. One request at a time that looks fast; under load every request does it at once, the pool is oversubscribed many times over, and throughput falls while latency grows for every request. On the request path, run CPU work on the bounded Offload.Cpu executor (as wide as the cores) and await it.");

    public static readonly DiagnosticDescriptor ADV3002_ThreadPerWorkItem = Create(
        RuleIds.ThreadPerItem,
        title: "Thread per work item",
        messageFormat: "{0} creates a dedicated thread {1}; threads cost about 1 MB of stack and a kernel object each, so under load this scales with the request rate, not with the cores: {2}",
        category: Categories.Scale,
        DiagnosticSeverity.Warning,
        description: "A new Thread, or a task started with TaskCreationOptions.LongRunning (which gets a dedicated thread), created per request or per loop item makes the number of threads follow the load. Each thread costs memory and scheduling, and thousands of them thrash the cores. Use async I/O, Offload.Cpu for CPU work or Offload.Blocking for legacy blocking calls; keep dedicated threads for a few long-lived workers created at startup.");
}
