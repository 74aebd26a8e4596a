// Scripted load run: dotnet run -c Release --project bench/Advisor.LoadRun
// Every scenario measures Advisor against a baseline in the same process and run, and prints the ratio.
using System.Diagnostics;
using System.Globalization;
using Advisor;
using Polly;
using Polly.CircuitBreaker;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ThreadPool.GetMinThreads(out var minWorkers, out _);
Console.WriteLine($"Advisor load run: {Environment.ProcessorCount} cores, ThreadPool min workers {minWorkers}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
Console.WriteLine();

await BlockingBurst.RunAsync();
await GatherDeadline.RunAsync();
GuardOverhead.Run();
await OffloadThroughput.RunAsync();

internal static class Report
{
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var index = (int)Math.Ceiling(p / 100 * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "x";
}

/// <summary>
/// A burst of blocking calls (Thread.Sleep standing in for legacy synchronous I/O) while a heartbeat on the
/// ThreadPool measures how late its 10 ms timer continuations run: what every request on the same pool feels.
/// Baselines: no burst, and the same burst run inline on the ThreadPool.
/// </summary>
internal static class BlockingBurst
{
    private const int Calls = 48;
    private const int BlockMs = 300;

    public static async Task RunAsync()
    {
        Console.WriteLine($"1. Blocking burst: {Calls} calls blocking {BlockMs} ms each; heartbeat lateness (10 ms ticks on the ThreadPool)");
        var idle = await MeasureAsync(async () => await Task.Delay(Calls * BlockMs / 16));
        var offloaded = await MeasureAsync(() => Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Offload.Blocking(() => Thread.Sleep(BlockMs)))));
        var inline = await MeasureAsync(() => Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => Thread.Sleep(BlockMs)))));
        Print("no burst (baseline)", idle);
        Print("Offload.Blocking", offloaded);
        Print("inline on ThreadPool", inline);
        Console.WriteLine($"   heartbeat p99 lateness inline / offloaded: {Report.Ratio(inline.P99 / Math.Max(offloaded.P99, 0.1))}; " +
                          $"burst duration inline / offloaded: {Report.Ratio(inline.Duration / offloaded.Duration)}");
        Console.WriteLine();
    }

    private static void Print(string name, Result r)
        => Console.WriteLine($"   {name,-22} burst {Report.Ms(r.Duration),10}   heartbeat p50 {Report.Ms(r.P50),9}  p99 {Report.Ms(r.P99),9}  max {Report.Ms(r.Max),9}  ({r.Ticks} ticks)");

    private static async Task<Result> MeasureAsync(Func<Task> burst)
    {
        using var stop = new CancellationTokenSource();
        var lateness = new List<double>();
        var heartbeat = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await Task.Delay(10);
                lateness.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds - 10);
            }
        });
        await Task.Delay(100);
        var burstStart = Stopwatch.GetTimestamp();
        await burst();
        var duration = Stopwatch.GetElapsedTime(burstStart).TotalMilliseconds;
        stop.Cancel();
        await heartbeat;
        return new Result(duration, Report.Percentile(lateness, 50), Report.Percentile(lateness, 99), lateness.Max(), lateness.Count);
    }

    private sealed record Result(double Duration, double P50, double P99, double Max, int Ticks);
}

/// <summary>
/// Fan-out of 8 calls with a 50 ms deadline where 6 calls hang, 1 answers and 1 blocks 100 ms before its first await.
/// Baseline: the hand-written version (start the calls in a loop, WhenAny(WhenAll, Delay)).
/// </summary>
internal static class GatherDeadline
{
    private const int Rounds = 30;
    private static readonly TimeSpan s_deadline = TimeSpan.FromMilliseconds(50);

    public static async Task RunAsync()
    {
        Console.WriteLine($"2. Gather deadline lateness: {Rounds} fan-outs of 8 calls, deadline 50 ms, one call blocks 100 ms before its first await");
        var handWritten = new List<double>();
        var gathered = new List<double>();
        var gatheredValues = 0;
        for (var round = 0; round < Rounds; round++)
        {
            handWritten.Add(await HandWrittenAsync() - s_deadline.TotalMilliseconds);
            var start = Stopwatch.GetTimestamp();
            var result = await ScatterGather.WithDeadline(Enumerable.Range(0, 8), CallAsync, s_deadline);
            gathered.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds - s_deadline.TotalMilliseconds);
            gatheredValues += result.Values.Count;
        }

        var hw50 = Report.Percentile(handWritten, 50);
        var sg50 = Report.Percentile(gathered, 50);
        Console.WriteLine($"   hand-written (baseline)   lateness p50 {Report.Ms(hw50),9}  p99 {Report.Ms(Report.Percentile(handWritten, 99)),9}");
        Console.WriteLine($"   ScatterGather.WithDeadline lateness p50 {Report.Ms(sg50),9}  p99 {Report.Ms(Report.Percentile(gathered, 99)),9}  ({gatheredValues / (double)Rounds:0.0} values per gather)");
        Console.WriteLine($"   lateness p50 hand-written / ScatterGather: {Report.Ratio(hw50 / Math.Max(sg50, 0.1))}");
        Console.WriteLine();
    }

    private static async Task<int> CallAsync(int item, CancellationToken cancellationToken)
    {
        if (item == 7)
        {
            Thread.Sleep(100); // legacy client doing synchronous work before its first await
        }

        if (item != 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return item;
    }

    private static async Task<double> HandWrittenAsync()
    {
        var start = Stopwatch.GetTimestamp();
        using var cts = new CancellationTokenSource();
        var tasks = new List<Task<int>>();
        for (var i = 0; i < 8; i++)
        {
            tasks.Add(CallAsync(i, cts.Token));
        }

        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(s_deadline));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cts.Cancel();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // The stragglers, cancelled.
        }

        return elapsed;
    }
}

/// <summary>Per-call overhead of Downstream.Guard against the same Polly pipeline built by hand, and no pipeline.</summary>
internal static class GuardOverhead
{
    private const int Calls = 300_000;

    public static void Run()
    {
        Console.WriteLine($"3. Guard overhead: {Calls:N0} synchronous-completing calls");
        var defaults = new GuardOptions();
        var raw = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = defaults.FailureRatio,
                MinimumThroughput = defaults.MinimumThroughput,
                SamplingDuration = defaults.SamplingDuration,
                BreakDuration = defaults.BreakDuration,
            })
            .AddTimeout(defaults.Timeout)
            .Build();
        var guard = Downstream.Guard("loadrun");

        // Warm up every path, then measure alternately to share the machine's noise.
        var direct = 0.0;
        var polly = 0.0;
        var advisor = 0.0;
        for (var round = 0; round < 4; round++)
        {
            var d = Time(() => Call(CancellationToken.None).GetAwaiter().GetResult());
            var p = Time(() => raw.ExecuteAsync(static ct => Call(ct), CancellationToken.None).GetAwaiter().GetResult());
            var a = Time(() => guard.ExecuteAsync(static ct => Call(ct), CancellationToken.None).GetAwaiter().GetResult());
            if (round > 0)
            {
                direct += d;
                polly += p;
                advisor += a;
            }
        }

        direct /= 3;
        polly /= 3;
        advisor /= 3;
        Console.WriteLine($"   unguarded call            {direct,8:0.0} ns/call");
        Console.WriteLine($"   raw Polly (baseline)      {polly,8:0.0} ns/call");
        Console.WriteLine($"   Downstream.Guard          {advisor,8:0.0} ns/call");
        Console.WriteLine($"   Downstream.Guard / raw Polly: {Report.Ratio(advisor / polly)}");
        Console.WriteLine();
    }

    private static ValueTask<int> Call(CancellationToken cancellationToken) => ValueTask.FromResult(1);

    private static double Time(Func<int> call)
    {
        var start = Stopwatch.GetTimestamp();
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += call();
        }

        GC.KeepAlive(sum);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls;
    }
}

/// <summary>Throughput of tiny work items: Offload.Cpu and Offload.Blocking against Task.Run.</summary>
internal static class OffloadThroughput
{
    private const int Items = 100_000;
    private const int Batch = 100;

    public static async Task RunAsync()
    {
        Console.WriteLine($"4. Offload throughput: {Items:N0} tiny work items in batches of {Batch}");
        var counter = 0;
        int Work() => Interlocked.Increment(ref counter);

        var taskRun = 0.0;
        var cpu = 0.0;
        var blocking = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var t = await TimeAsync(() => Task.Run(Work));
            var c = await TimeAsync(() => Offload.Cpu(Work));
            var b = await TimeAsync(() => Offload.Blocking(Work));
            if (round > 0)
            {
                taskRun += t;
                cpu += c;
                blocking += b;
            }
        }

        Console.WriteLine($"   Task.Run (baseline)       {Items / taskRun * 2 / 1000,8:0} k items/s");
        Console.WriteLine($"   Offload.Cpu               {Items / cpu * 2 / 1000,8:0} k items/s");
        Console.WriteLine($"   Offload.Blocking          {Items / blocking * 2 / 1000,8:0} k items/s");
        Console.WriteLine($"   time per item Offload.Cpu / Task.Run: {Report.Ratio(cpu / taskRun)}; Offload.Blocking / Task.Run: {Report.Ratio(blocking / taskRun)}");
        Console.WriteLine();
    }

    private static async Task<double> TimeAsync(Func<Task<int>> submit)
    {
        var start = Stopwatch.GetTimestamp();
        var tasks = new Task<int>[Batch];
        for (var done = 0; done < Items; done += Batch)
        {
            for (var i = 0; i < Batch; i++)
            {
                tasks[i] = submit();
            }

            await Task.WhenAll(tasks);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
