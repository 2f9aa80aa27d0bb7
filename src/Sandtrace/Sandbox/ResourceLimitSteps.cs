using Sandtrace.Native;
using Sandtrace.Policy;

namespace Sandtrace.Sandbox;

/// <summary>[limits] as rlimits of the program, set (soft = hard, so it cannot raise them) right before execve.</summary>
internal static class ResourceLimitSteps
{
    const long RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_AS = 9, SYS_prlimit64 = 302;

    public static unsafe void Add(ChildProgram p, ResourceLimits l)
    {
        void Set(string what, long resource, long? value)
        {
            if (value is not long v) return;
            long* lim = (long*)p.Arena.Alloc(16);   // struct rlimit64 { cur, max }
            lim[0] = lim[1] = v;
            p.Syscall($"limit {what} to {v}", SYS_prlimit64, [0, resource, (long)lim, 0]);
        }
        Set("address space (memory, bytes)", RLIMIT_AS, l.MemoryBytes);
        Set("processes", RLIMIT_NPROC, l.MaxProcesses);
        Set("file size (bytes)", RLIMIT_FSIZE, l.MaxFileSizeBytes);
        Set("open files", RLIMIT_NOFILE, l.MaxOpenFiles);
        Set("CPU time (seconds)", RLIMIT_CPU, l.CpuTimeSeconds);
    }

    public static string Describe(ResourceLimits l)
    {
        var parts = new List<string>();
        if (l.MemoryBytes is long m) parts.Add($"memory {m} B");
        if (l.MaxProcesses is long n) parts.Add($"{n} processes");
        if (l.MaxFileSizeBytes is long f) parts.Add($"files ≤ {f} B");
        if (l.MaxOpenFiles is long o) parts.Add($"{o} open files");
        if (l.CpuTimeSeconds is long c) parts.Add($"{c} s CPU");
        return string.Join(", ", parts);
    }
}
