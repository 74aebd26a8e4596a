using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Advisor;

/// <summary>Names of Advisor's telemetry: one <see cref="Meter"/> named <see cref="MeterName"/> and its instruments.</summary>
public static class AdvisorTelemetry
{
    /// <summary>The name of the meter every Advisor instrument belongs to: <c>"Advisor"</c>.</summary>
    public const string MeterName = "Advisor";

    /// <summary>Queued submissions per executor (up-down counter, tag <c>advisor.executor</c>).</summary>
    public const string ExecutorQueueLength = "advisor.executor.queue.length";

    /// <summary>Threads running work per executor (up-down counter, tag <c>advisor.executor</c>).</summary>
    public const string ExecutorActiveWorkers = "advisor.executor.workers.active";

    /// <summary>Threads (running or idle) per executor (up-down counter, tag <c>advisor.executor</c>).</summary>
    public const string ExecutorThreads = "advisor.executor.threads";

    /// <summary>Time from submission to start, in seconds (histogram, tag <c>advisor.executor</c>).</summary>
    public const string ExecutorQueueWait = "advisor.executor.queue.wait";

    /// <summary>Rejected submissions (counter, tags <c>advisor.executor</c> and <c>advisor.reason</c>: <c>queue_full</c> or <c>disposed</c>).</summary>
    public const string ExecutorRejections = "advisor.executor.rejections";

    /// <summary>Items of completed gathers by outcome (counter, tag <c>advisor.outcome</c>: <c>succeeded</c>, <c>faulted</c>, <c>timed_out</c>, <c>skipped</c>).</summary>
    public const string GatherItems = "advisor.gather.items";

    /// <summary>Duration of gathers, in seconds (histogram, tag <c>advisor.deadline_hit</c>: <c>true</c> or <c>false</c>).</summary>
    public const string GatherDuration = "advisor.gather.duration";

    /// <summary>Circuit state per guard: 0 closed, 1 open, 2 half-open, 3 isolated (gauge, tag <c>advisor.guard</c>).</summary>
    public const string CircuitState = "advisor.circuit.state";

    /// <summary>Calls failed fast by an open circuit without reaching the dependency (counter, tag <c>advisor.guard</c>).</summary>
    public const string CircuitRejections = "advisor.circuit.rejections";
}

/// <summary>The instruments, and the live executors and guards the observable ones read.</summary>
internal static class AdvisorMetrics
{
    private static readonly Meter s_meter = new(AdvisorTelemetry.MeterName, typeof(AdvisorMetrics).Assembly.GetName().Version?.ToString());
    private static readonly ConcurrentDictionary<OffloadExecutor, byte> s_executors = new();
    private static readonly ConcurrentDictionary<GuardState, byte> s_guards = new();

    private static readonly Histogram<double> s_queueWait = s_meter.CreateHistogram<double>(
        AdvisorTelemetry.ExecutorQueueWait, "s", "Time submitted work waited in the executor's queue before it started.");

    private static readonly Counter<long> s_rejections = s_meter.CreateCounter<long>(
        AdvisorTelemetry.ExecutorRejections, "{submission}", "Submissions the executor did not run (queue full or disposed).");

    private static readonly Counter<long> s_gatherItems = s_meter.CreateCounter<long>(
        AdvisorTelemetry.GatherItems, "{item}", "Scatter-gather items by outcome.");

    private static readonly Histogram<double> s_gatherDuration = s_meter.CreateHistogram<double>(
        AdvisorTelemetry.GatherDuration, "s", "Scatter-gather duration.");

    private static readonly Counter<long> s_circuitRejections = s_meter.CreateCounter<long>(
        AdvisorTelemetry.CircuitRejections, "{call}", "Calls an open circuit failed fast without invoking the dependency.");

    static AdvisorMetrics()
    {
        s_meter.CreateObservableUpDownCounter(
            AdvisorTelemetry.ExecutorQueueLength, () => Observe(static e => e.QueueLength), "{submission}", "Submissions waiting in the executor's queue.");
        s_meter.CreateObservableUpDownCounter(
            AdvisorTelemetry.ExecutorActiveWorkers, () => Observe(static e => e.ActiveWorkers), "{thread}", "Executor threads running work.");
        s_meter.CreateObservableUpDownCounter(
            AdvisorTelemetry.ExecutorThreads, () => Observe(static e => e.ThreadCount), "{thread}", "Executor threads, running work or idle.");
        s_meter.CreateObservableGauge(
            AdvisorTelemetry.CircuitState, ObserveCircuits, "{state}", "Circuit state per guard: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    internal static void Register(OffloadExecutor executor) => s_executors.TryAdd(executor, 0);

    internal static void Unregister(OffloadExecutor executor) => s_executors.TryRemove(executor, out _);

    internal static void Register(GuardState guard) => s_guards.TryAdd(guard, 0);

    internal static void Unregister(GuardState guard) => s_guards.TryRemove(guard, out _);

    internal static void QueueWait(OffloadExecutor executor, TimeSpan wait)
    {
        if (s_queueWait.Enabled)
        {
            s_queueWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("advisor.executor", executor.Name));
        }
    }

    internal static void Rejected(OffloadExecutor executor, RejectionReason reason)
    {
        if (s_rejections.Enabled)
        {
            s_rejections.Add(
                1,
                new KeyValuePair<string, object?>("advisor.executor", executor.Name),
                new KeyValuePair<string, object?>("advisor.reason", reason == RejectionReason.QueueFull ? "queue_full" : "disposed"));
        }
    }

    internal static void Gathered(int succeeded, int faulted, int timedOut, int skipped, bool deadlineHit, TimeSpan elapsed)
    {
        if (s_gatherItems.Enabled)
        {
            AddOutcome(succeeded, "succeeded");
            AddOutcome(faulted, "faulted");
            AddOutcome(timedOut, "timed_out");
            AddOutcome(skipped, "skipped");
        }

        if (s_gatherDuration.Enabled)
        {
            s_gatherDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("advisor.deadline_hit", deadlineHit ? "true" : "false"));
        }
    }

    internal static void CircuitRejected(string guard)
    {
        if (s_circuitRejections.Enabled)
        {
            s_circuitRejections.Add(1, new KeyValuePair<string, object?>("advisor.guard", guard));
        }
    }

    private static void AddOutcome(int count, string outcome)
    {
        if (count > 0)
        {
            s_gatherItems.Add(count, new KeyValuePair<string, object?>("advisor.outcome", outcome));
        }
    }

    private static IEnumerable<Measurement<int>> Observe(Func<OffloadExecutor, int> read)
    {
        foreach (var executor in s_executors.Keys)
        {
            yield return new Measurement<int>(read(executor), new KeyValuePair<string, object?>("advisor.executor", executor.Name));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveCircuits()
    {
        foreach (var guard in s_guards.Keys)
        {
            yield return new Measurement<int>((int)guard.CircuitState, new KeyValuePair<string, object?>("advisor.guard", guard.Name));
        }
    }
}
