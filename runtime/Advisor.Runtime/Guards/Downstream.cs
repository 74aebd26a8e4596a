using System;
using System.Threading;
using Polly;

namespace Advisor;

/// <summary>
/// Guards calls to other processes: <c>await Downstream.Guard("orders").ExecuteAsync(async ct =&gt; await ..., token)</c>
/// runs the call with a timeout inside a circuit breaker named <c>"orders"</c>.
/// </summary>
/// <remarks>
/// The static front uses a shared <see cref="GuardRegistry"/> with default <see cref="GuardOptions"/> until
/// <see cref="UseRegistry"/> (or <c>services.AddAdvisor()</c> in a host) replaces it.
/// </remarks>
public static class Downstream
{
    private static GuardRegistry? s_registry;

    /// <summary>The registry behind <see cref="Guard"/>.</summary>
    public static GuardRegistry Registry
    {
        get
        {
            var registry = Volatile.Read(ref s_registry);
            return registry ?? Interlocked.CompareExchange(ref s_registry, new GuardRegistry(), null) ?? s_registry!;
        }
    }

    /// <summary>Replaces the registry behind <see cref="Guard"/>. Pipelines already handed out keep working.</summary>
    /// <param name="registry">The registry.</param>
    public static void UseRegistry(GuardRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Volatile.Write(ref s_registry, registry);
    }

    /// <summary>Stops serving <see cref="Guard"/> from this registry (when it still does).</summary>
    internal static void Release(GuardRegistry registry) => Interlocked.CompareExchange(ref s_registry, null, registry);

    /// <summary>The guard (timeout inside a circuit breaker) of the dependency called <paramref name="name"/>.</summary>
    /// <param name="name">The dependency's name, for example <c>"orders"</c>.</param>
    /// <returns>The pipeline to run calls to that dependency in.</returns>
    public static ResiliencePipeline Guard(string name) => Registry.Get(name);
}
