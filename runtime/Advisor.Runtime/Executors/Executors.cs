using System;
using System.Threading;

namespace Advisor;

/// <summary>Options of a <see cref="BlockingExecutor"/>. The defaults are documented on each property.</summary>
public sealed class BlockingExecutorOptions
{
    /// <summary>The executor's name in thread names, metrics and messages. Default <c>"blocking"</c>.</summary>
    public string Name { get; set; } = "blocking";

    /// <summary>
    /// The most threads the executor runs at once: the most legacy calls blocked at the same time. Default 64.
    /// </summary>
    public int MaxThreads { get; set; } = 64;

    /// <summary>How many submissions wait for a thread before <see cref="FullQueueBehavior"/> applies. Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>What a submission to a full queue does. Default <see cref="FullQueueBehavior.Wait"/>.</summary>
    public FullQueueBehavior FullQueueBehavior { get; set; } = FullQueueBehavior.Wait;

    /// <summary>How long a thread stays idle before it exits. Default 30 seconds; must be positive or infinite.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What disposal does with queued work. Default <see cref="QueuedWorkOnDispose.Drain"/>.</summary>
    public QueuedWorkOnDispose OnDispose { get; set; } = QueuedWorkOnDispose.Drain;

    /// <summary>Throws when the options cannot build an executor.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        OptionChecks.Name(Name, nameof(Name));
        OptionChecks.Positive(MaxThreads, nameof(MaxThreads));
        OptionChecks.Positive(QueueCapacity, nameof(QueueCapacity));
        OptionChecks.PositiveOrInfinite(IdleTimeout, nameof(IdleTimeout));
        OptionChecks.Defined(FullQueueBehavior, nameof(FullQueueBehavior));
        OptionChecks.Defined(OnDispose, nameof(OnDispose));
    }
}

/// <summary>
/// Runs legacy synchronous (blocking) calls on dedicated threads, never on the ThreadPool, so a burst of blocking
/// calls cannot starve request handling. Threads start on demand up to <see cref="BlockingExecutorOptions.MaxThreads"/>
/// and retire after <see cref="BlockingExecutorOptions.IdleTimeout"/>.
/// </summary>
public sealed class BlockingExecutor : OffloadExecutor
{
    /// <summary>Creates an executor with the default <see cref="BlockingExecutorOptions"/>.</summary>
    public BlockingExecutor()
        : this(new BlockingExecutorOptions())
    {
    }

    /// <summary>Creates an executor.</summary>
    /// <param name="options">The options; validated.</param>
    /// <param name="timeProvider">The time source for queue-wait measurements; <see cref="TimeProvider.System"/> when null.</param>
    public BlockingExecutor(BlockingExecutorOptions options, TimeProvider? timeProvider = null)
        : base(Validated(options).Name, options.MaxThreads, options.QueueCapacity, options.IdleTimeout,
               options.FullQueueBehavior, options.OnDispose, timeProvider)
    {
    }

    private static BlockingExecutorOptions Validated(BlockingExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}

/// <summary>Options of a <see cref="CpuExecutor"/>. The defaults are documented on each property.</summary>
public sealed class CpuExecutorOptions
{
    /// <summary>The executor's name in thread names, metrics and messages. Default <c>"cpu"</c>.</summary>
    public string Name { get; set; } = "cpu";

    /// <summary>How many work items run at once. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>How many submissions wait for a thread before <see cref="FullQueueBehavior"/> applies. Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>What a submission to a full queue does. Default <see cref="FullQueueBehavior.Wait"/>.</summary>
    public FullQueueBehavior FullQueueBehavior { get; set; } = FullQueueBehavior.Wait;

    /// <summary>How long a thread stays idle before it exits. Default 60 seconds; must be positive or infinite.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What disposal does with queued work. Default <see cref="QueuedWorkOnDispose.Drain"/>.</summary>
    public QueuedWorkOnDispose OnDispose { get; set; } = QueuedWorkOnDispose.Drain;

    /// <summary>Throws when the options cannot build an executor.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        OptionChecks.Name(Name, nameof(Name));
        OptionChecks.Positive(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        OptionChecks.Positive(QueueCapacity, nameof(QueueCapacity));
        OptionChecks.PositiveOrInfinite(IdleTimeout, nameof(IdleTimeout));
        OptionChecks.Defined(FullQueueBehavior, nameof(FullQueueBehavior));
        OptionChecks.Defined(OnDispose, nameof(OnDispose));
    }
}

/// <summary>
/// Runs CPU-bound work on its own threads, at most <see cref="CpuExecutorOptions.MaxDegreeOfParallelism"/> at once
/// (the core count by default), behind a bounded queue, so heavy computation neither runs inline on request threads
/// nor oversubscribes the cores. Work offloaded from inside the executor runs inline; a failing work item faults its
/// own task and never the executor.
/// </summary>
public sealed class CpuExecutor : OffloadExecutor
{
    /// <summary>Creates an executor with the default <see cref="CpuExecutorOptions"/>.</summary>
    public CpuExecutor()
        : this(new CpuExecutorOptions())
    {
    }

    /// <summary>Creates an executor.</summary>
    /// <param name="options">The options; validated.</param>
    /// <param name="timeProvider">The time source for queue-wait measurements; <see cref="TimeProvider.System"/> when null.</param>
    public CpuExecutor(CpuExecutorOptions options, TimeProvider? timeProvider = null)
        : base(Validated(options).Name, options.MaxDegreeOfParallelism, options.QueueCapacity, options.IdleTimeout,
               options.FullQueueBehavior, options.OnDispose, timeProvider)
    {
    }

    private static CpuExecutorOptions Validated(CpuExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}

internal static class OptionChecks
{
    internal static void Name(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }

    internal static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }

    internal static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    internal static void PositiveOrInfinite(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    internal static void Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} has an undefined value.");
        }
    }
}
