using System;
using System.Threading;
using System.Threading.Tasks;

namespace Advisor;

/// <summary>
/// Moves work off the request threads: <c>Offload.Blocking</c> for legacy synchronous calls (dedicated threads,
/// never the ThreadPool) and <c>Offload.Cpu</c> for CPU-bound work (a bounded executor as wide as the cores).
/// </summary>
/// <remarks>
/// The static front uses two shared executors created on first use with default options
/// (<see cref="BlockingExecutorOptions"/>, <see cref="CpuExecutorOptions"/>); <see cref="UseExecutors"/> (or
/// <c>services.AddAdvisor()</c> in a host) replaces them. The overloads mirror <see cref="Task.Run(Action)"/>, so
/// <c>() =&gt; File.ReadAllText(path)</c> binds to <see cref="Func{TResult}"/>, a statement lambda to
/// <see cref="Action"/>, and async lambdas to the task-returning overloads.
/// </remarks>
public static partial class Offload
{
    private static BlockingExecutor? s_blocking;
    private static CpuExecutor? s_cpu;

    /// <summary>The executor behind <c>Offload.Blocking</c>.</summary>
    public static BlockingExecutor DefaultBlockingExecutor
    {
        get
        {
            var executor = Volatile.Read(ref s_blocking);
            if (executor is not null)
            {
                return executor;
            }

            var created = new BlockingExecutor();
            executor = Interlocked.CompareExchange(ref s_blocking, created, null);
            if (executor is null)
            {
                return created;
            }

            created.Dispose();
            return executor;
        }
    }

    /// <summary>The executor behind <c>Offload.Cpu</c>.</summary>
    public static CpuExecutor DefaultCpuExecutor
    {
        get
        {
            var executor = Volatile.Read(ref s_cpu);
            if (executor is not null)
            {
                return executor;
            }

            var created = new CpuExecutor();
            executor = Interlocked.CompareExchange(ref s_cpu, created, null);
            if (executor is null)
            {
                return created;
            }

            created.Dispose();
            return executor;
        }
    }

    /// <summary>
    /// Replaces the executors behind the static front. The previous executors are not disposed (their owner
    /// disposes them); work already submitted to them still completes there.
    /// </summary>
    /// <param name="blocking">The executor for <c>Offload.Blocking</c>, or null to keep the current one.</param>
    /// <param name="cpu">The executor for <c>Offload.Cpu</c>, or null to keep the current one.</param>
    public static void UseExecutors(BlockingExecutor? blocking, CpuExecutor? cpu)
    {
        if (blocking is not null)
        {
            Volatile.Write(ref s_blocking, blocking);
        }

        if (cpu is not null)
        {
            Volatile.Write(ref s_cpu, cpu);
        }
    }

    /// <summary>Stops serving the static front from these executors (when they still do); defaults are created again on next use.</summary>
    internal static void Release(BlockingExecutor blocking, CpuExecutor cpu)
    {
        Interlocked.CompareExchange(ref s_blocking, null, blocking);
        Interlocked.CompareExchange(ref s_cpu, null, cpu);
    }

    /// <summary>Runs a blocking call on the blocking executor's dedicated threads.</summary>
    /// <param name="work">The blocking call.</param>
    /// <param name="cancellationToken">Cancels the call while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task that completes when the call returns, with its exception if it threw.</returns>
    public static Task Blocking(Action work, CancellationToken cancellationToken = default)
        => DefaultBlockingExecutor.RunAsync(work, cancellationToken);

    /// <summary>Runs a blocking call on the blocking executor's dedicated threads and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The blocking call.</param>
    /// <param name="cancellationToken">Cancels the call while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task with the call's result, or its exception.</returns>
    public static Task<T> Blocking<T>(Func<T> work, CancellationToken cancellationToken = default)
        => DefaultBlockingExecutor.RunAsync(work, cancellationToken);

    /// <summary>
    /// Runs an asynchronous delegate whose synchronous part blocks: that part runs on the blocking executor, the rest
    /// continues where its awaits complete.
    /// </summary>
    /// <param name="work">The delegate.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task that completes with the delegate's task.</returns>
    public static Task Blocking(Func<Task> work, CancellationToken cancellationToken = default)
        => DefaultBlockingExecutor.RunAsync(work, cancellationToken);

    /// <summary>
    /// Runs an asynchronous delegate whose synchronous part blocks: that part runs on the blocking executor, the rest
    /// continues where its awaits complete.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The delegate.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task with the result of the delegate's task.</returns>
    public static Task<T> Blocking<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
        => DefaultBlockingExecutor.RunAsync(work, cancellationToken);

    /// <summary>Runs CPU-bound work on the CPU executor (as wide as the cores, bounded queue).</summary>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task that completes when the work has run, with its exception if it threw.</returns>
    public static Task Cpu(Action work, CancellationToken cancellationToken = default)
        => DefaultCpuExecutor.RunAsync(work, cancellationToken);

    /// <summary>Runs CPU-bound work on the CPU executor and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue; once started it runs to completion.</param>
    /// <returns>A task with the work's result, or its exception.</returns>
    public static Task<T> Cpu<T>(Func<T> work, CancellationToken cancellationToken = default)
        => DefaultCpuExecutor.RunAsync(work, cancellationToken);

    /// <summary>
    /// Runs the synchronous part of an asynchronous delegate on the CPU executor; the rest continues where its awaits
    /// complete.
    /// </summary>
    /// <param name="work">The delegate.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task that completes with the delegate's task.</returns>
    public static Task Cpu(Func<Task> work, CancellationToken cancellationToken = default)
        => DefaultCpuExecutor.RunAsync(work, cancellationToken);

    /// <summary>
    /// Runs the synchronous part of an asynchronous delegate on the CPU executor; the rest continues where its awaits
    /// complete.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The delegate.</param>
    /// <param name="cancellationToken">Cancels the work while it waits in the queue.</param>
    /// <returns>A task with the result of the delegate's task.</returns>
    public static Task<T> Cpu<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
        => DefaultCpuExecutor.RunAsync(work, cancellationToken);
}
