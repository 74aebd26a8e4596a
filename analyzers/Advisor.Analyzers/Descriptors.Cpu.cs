using Microsoft.CodeAnalysis;

namespace Advisor.Analyzers;

/// <summary>Question 1, I/O-bound or CPU-bound: CPU work inline on the request path.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor ADV1001_CpuBoundLoop = Create(
        RuleIds.CpuBoundLoop,
        title: "CPU-bound loop on the request path",
        messageFormat: "{0} is CPU-bound work on a request thread ({1}); the ThreadPool is shared, so every other request waits while it computes: move it onto Offload.Cpu",
        category: Categories.CpuBound,
        DiagnosticSeverity.Warning,
        description: "CPU-bound work (loops that compute over pixels, matrices or buffers, loops that hash, compress, match regexes or serialize per item, key derivation with many iterations, recursion that follows the input) running inline in request-path code holds a ThreadPool thread for as long as it computes. The pool is shared by every request, so under load requests queue behind the computation and latency grows for everyone. Run the work on Offload.Cpu, a bounded executor as wide as the cores, and await it.");

    public static readonly DiagnosticDescriptor ADV1002_CpuBoundCall = Create(
        RuleIds.CpuBoundCall,
        title: "Request path calls CPU-bound method",
        messageFormat: "'{0}' does CPU-bound work on a request thread ({1}: {2}); the ThreadPool is shared, so every other request waits while it computes: call it through Offload.Cpu",
        category: Categories.CpuBound,
        DiagnosticSeverity.Warning,
        description: "Request-path code calls a synchronous method of this compilation that, directly or through other methods, runs CPU-bound work. The work holds the request's ThreadPool thread while it computes, and the pool is shared by every request. Offload the call at this boundary with Offload.Cpu; the work inside the helper is not reported again.");
}
