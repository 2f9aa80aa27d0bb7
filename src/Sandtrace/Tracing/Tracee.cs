using Sandtrace.Events;

namespace Sandtrace.Tracing;

/// <summary>What a task is to the tracer.</summary>
internal enum TraceeRole : byte
{
    /// <summary>The namespace's PID 1: attached only so it dies with sandtrace (EXITKILL); never syscall-traced.</summary>
    Reaper,
    /// <summary>The target between fork and its execve: sandtrace's own setup, not traced.</summary>
    Setup,
    /// <summary>The target after execve and everything it starts: every syscall is traced.</summary>
    Traced,
}

/// <summary>Per-task tracer state (one per thread or process; allocated when the task appears, never per syscall).</summary>
internal sealed class Tracee(int pid, TraceeRole role)
{
    public int Pid { get; set; } = pid;
    public TraceeRole Role { get; set; } = role;
    /// <summary>Thread-group id, when known (0 until then).</summary>
    public int Tgid { get; set; }
    public bool IsThread { get; set; }

    // The syscall between its entry and exit stops.
    public bool InSyscall;
    public uint Arch;
    public long Nr;
    public RawArgs Args;
    public long EntryTimestamp;      // Stopwatch ticks
    /// <summary>Set when the tracer skipped this call at entry (it then fails with EACCES): which layer, which rule.</summary>
    public string? SkippedLayer, SkippedRule;
    public int SkippedErrno;

    // execve arguments captured at entry (the old image is gone by the time the exec event arrives).
    public string? ExecPath;
    public string[]? ExecArgv;
}
