namespace Advisor;

/// <summary>
/// Moves work off the request threads: <c>Offload.Blocking</c> for legacy synchronous calls (dedicated threads,
/// never the ThreadPool) and <c>Offload.Cpu</c> for CPU-bound work (a bounded executor as wide as the cores).
/// </summary>
public static partial class Offload
{
}
