using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>
/// Where the tracer and the traced program run. A ptrace stop is a ping-pong between two tasks; on these 2-vCPU
/// machines a wake-up across CPUs costs far more than the stop itself (dd bs=1 count=200000 with --trace=all:
/// ~2.3 s on one CPU against 4–9 s left to the scheduler, measured here; strace shows the same). Same: the tracer thread pins itself before
/// the clone, so the program and everything it starts inherit that CPU (no parallelism between them). Auto: same
/// with --trace=all, where stops dominate; none with --trace=security, where they are rare and a parallel build
/// keeps its cores.
/// </summary>
internal enum CpuPlacement { Auto, None, Same }

internal static class CpuPinning
{
    public static bool ShouldPin(CpuPlacement p, TraceDepth depth) =>
        p == CpuPlacement.Same || (p == CpuPlacement.Auto && depth == TraceDepth.All);

    /// <summary>Pins the calling thread to the CPU it is on now (children cloned from it inherit the mask).</summary>
    public static unsafe void PinCurrentThread()
    {
        uint cpu = 0;
        if (RawSyscall.Call(Sys.getcpu, (long)&cpu, 0, 0) < 0) return;
        Span<ulong> mask = stackalloc ulong[16];     // up to 1024 CPUs
        if (cpu >= 1024) return;
        mask[(int)(cpu / 64)] = 1UL << (int)(cpu % 64);
        fixed (ulong* m = mask) RawSyscall.Call(Sys.sched_setaffinity, 0, mask.Length * 8, (long)m);
    }
}
