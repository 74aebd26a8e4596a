using System;

namespace Advisor;

/// <summary>
/// Marks a member that blocks the calling thread (legacy synchronous I/O, waits on handles, device reads) and has
/// no async counterpart. Advisor reports calls to it from async code (ADV2003) and through helper methods (ADV2004),
/// and offers to move the call onto <c>Offload.Blocking</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property | AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class BlockingAttribute : Attribute
{
}

/// <summary>
/// Marks a member that runs CPU-heavy work. Advisor reports calls to it on the request path (ADV1001, ADV1002)
/// and offers to move the call onto <c>Offload.Cpu</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class CpuBoundAttribute : Attribute
{
}

/// <summary>
/// Marks a member, or every member of a type, that calls another process (a service, a database, a queue).
/// Advisor treats such calls as downstream calls: they need a timeout and a circuit breaker (ADV4001) and fan-outs
/// over them need a deadline (ADV4002, ADV4003).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = false, AllowMultiple = false)]
public sealed class DownstreamAttribute : Attribute
{
    /// <summary>Creates the attribute; the guard name is derived from the type.</summary>
    public DownstreamAttribute()
    {
    }

    /// <summary>Creates the attribute with the name of the <c>Downstream.Guard</c> that protects the dependency.</summary>
    /// <param name="name">The guard name, for example <c>"orders"</c>.</param>
    public DownstreamAttribute(string name) => Name = name;

    /// <summary>The name of the <c>Downstream.Guard</c> that protects this dependency, or <see langword="null"/>.</summary>
    public string? Name { get; }
}

/// <summary>
/// Marks a method, or every method of a type, as a request entry point: code that serves requests and so must not
/// run CPU-heavy or blocking work inline. Use it for entry points Advisor does not recognise by itself (custom
/// frameworks, message handlers).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class RequestPathAttribute : Attribute
{
}
