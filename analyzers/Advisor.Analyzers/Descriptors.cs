using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers;

/// <summary>The stable rule identifiers. Shipped IDs never change meaning.</summary>
internal static class RuleIds
{
    public const string CpuBoundLoop = "ADV1001";
    public const string CpuBoundCall = "ADV1002";
    public const string BlockingWait = "ADV2001";
    public const string SyncOverAsyncApi = "ADV2002";
    public const string BlockingApi = "ADV2003";
    public const string BlockingHelper = "ADV2004";
    public const string ParallelLoop = "ADV3001";
    public const string ThreadPerItem = "ADV3002";
    public const string UnguardedDownstream = "ADV4001";
    public const string SequentialFanOut = "ADV4002";
    public const string FanOutWithoutDeadline = "ADV4003";
    public const string LockAcrossBlocking = "ADV4004";
}

/// <summary>One category per question of the four-question framework.</summary>
internal static class Categories
{
    /// <summary>Question 1: is the work I/O-bound or CPU-bound?</summary>
    public const string CpuBound = "Advisor.Q1.CpuBound";

    /// <summary>Question 2: for I/O, is there an async library (await it) or only a blocking one (offload it)?</summary>
    public const string Blocking = "Advisor.Q2.Blocking";

    /// <summary>Question 3: at what scale?</summary>
    public const string Scale = "Advisor.Q3.Scale";

    /// <summary>Question 4: what are the failure modes?</summary>
    public const string FailureModes = "Advisor.Q4.FailureModes";
}

/// <summary>
/// The descriptor registry: every rule Advisor ships, in one readable place.
/// Help links point at docs/rules/ADVnnnn.md; a test checks that each page exists.
/// </summary>
internal static partial class Descriptors
{
    public const string HelpLinkBase = "https://github.com/advisor-dotnet/advisor/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static readonly DiagnosticDescriptor ADV2001_BlockingWait = Create(
        RuleIds.BlockingWait,
        title: "Blocking wait on a task in async code",
        messageFormat: "'{0}' blocks a ThreadPool thread until the task completes; this is I/O with an async path, so await the task instead",
        category: Categories.Blocking,
        DiagnosticSeverity.Warning,
        description: "Async code that waits synchronously on a task (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll, Task.WaitAny) holds a ThreadPool thread for the whole wait. Under load the pool runs out of threads, it only injects about one or two new threads a second, and every request queues behind the blocked ones (sync-over-async starvation). It can also deadlock under a single-threaded SynchronizationContext. Await the task instead.");

    public static readonly DiagnosticDescriptor ADV2002_SyncApiWithAsyncTwin = Create(
        RuleIds.SyncOverAsyncApi,
        title: "Synchronous API with an async counterpart in async code",
        messageFormat: "'{0}' blocks a ThreadPool thread while it waits for I/O, and an async library exists: await '{1}' instead",
        category: Categories.Blocking,
        DiagnosticSeverity.Warning,
        description: "A synchronous I/O call inside async code holds a ThreadPool thread for the whole wait. When the library offers an async counterpart with the same parameters, awaiting it releases the thread while the I/O is in flight, so the same pool serves thousands of concurrent requests.");

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        params string[] customTags)
        => new(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id),
            customTags: customTags);
}
