using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers;

/// <summary>Question 2, beyond the async twin: blocking APIs with no async counterpart, and helpers that block.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor ADV2003_BlockingApi = Create(
        RuleIds.BlockingApi,
        title: "Blocking API without an async counterpart in async code",
        messageFormat: "'{0}' blocks the calling thread and its library has no async counterpart; in async code it holds a ThreadPool thread for the whole wait, so move it to dedicated threads with 'await Offload.Blocking(...)'",
        category: Categories.Blocking,
        DiagnosticSeverity.Warning,
        description: "Some waits and legacy I/O calls only exist in a blocking form: wait handles and events, Monitor.Wait, Thread.Join, BlockingCollection.Take, ReaderWriterLockSlim enters, Console and serial-port reads, and the APIs a user or a library lists in Advisor's blocking catalogue or marks [Blocking]. Inside async code such a call holds a ThreadPool thread for as long as it waits. The pool is shared by every request and grows by only one or two threads a second, so under load a few of these waits starve the whole service. With no async library to await, the fix is to run the call on threads reserved for blocking work: Offload.Blocking.");

    public static readonly DiagnosticDescriptor ADV2004_BlockingHelper = Create(
        RuleIds.BlockingHelper,
        title: "Async code calls a method that blocks",
        messageFormat: "'{0}' blocks the calling thread ({1}); called from async code it holds a ThreadPool thread for the whole wait, so offload the call with 'await Offload.Blocking(...)' or make the helper chain async",
        category: Categories.Blocking,
        DiagnosticSeverity.Warning,
        description: "A synchronous method of this compilation that blocks, directly or through the methods it calls (a wait on a task, a synchronous API that has an async counterpart, or a blocking API from Advisor's catalogue), holds a ThreadPool thread when async code calls it. The finding is reported where async code calls the synchronous helper, because that boundary is where the work should be offloaded or where the helper chain should become async; the blocking call inside the helper is not reported again.");
}
