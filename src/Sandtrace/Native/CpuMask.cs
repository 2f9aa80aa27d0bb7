namespace Sandtrace.Native;

/// <summary>CPU affinity of the calling thread.</summary>
internal static unsafe class CpuMask
{
    /// <summary>Words of a CPU mask as sandtrace passes it to sched_{get,set}affinity: up to 1024 CPUs.</summary>
    public const int Words = 16;

    /// <summary>Gives the calling thread the CPUs of the process's main thread (never pinned by sandtrace), e.g. for a
    /// thread started by the tracer thread, which inherits its pinning. Best effort: on failure the thread keeps its mask.</summary>
    public static void UseProcessMask()
    {
        ulong* mask = stackalloc ulong[Words];
        long pid = RawSyscall.Call(Sys.getpid);
        if (RawSyscall.Call(Sys.sched_getaffinity, pid, Words * 8, (long)mask) < 0) return;
        RawSyscall.Call(Sys.sched_setaffinity, 0, Words * 8, (long)mask);
    }
}
