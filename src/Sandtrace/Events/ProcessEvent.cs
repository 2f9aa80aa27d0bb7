namespace Sandtrace.Events;

internal enum ProcessAction : byte { Exec, Fork, Vfork, Clone, Exited, Signaled }

/// <summary>A process lifecycle event. Rare next to syscalls, so a plain immutable object.</summary>
internal sealed record ProcessEvent
{
    public required ProcessAction Action { get; init; }
    public required long TimestampTicks { get; init; }
    public required int Pid { get; init; }
    /// <summary>fork/vfork/clone: the new task.</summary>
    public int? ChildPid { get; init; }
    /// <summary>A thread rather than a process (clone with CLONE_THREAD, or the exit of such a task).</summary>
    public bool Thread { get; init; }
    /// <summary>exec: the kernel's comm of the new image; path and argv as the program passed them.</summary>
    public string? Comm { get; init; }
    public string? Path { get; init; }
    public IReadOnlyList<string>? Argv { get; init; }
    public int? ExitCode { get; init; }
    public string? Signal { get; init; }
    public bool CoreDumped { get; init; }
}
