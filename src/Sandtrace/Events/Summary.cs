namespace Sandtrace.Events;

/// <summary>The last event of every run.</summary>
internal sealed record Summary
{
    public required long TimestampTicks { get; init; }
    public required long TotalSyscalls { get; init; }
    public required int UniqueSyscalls { get; init; }
    public required long DurationMs { get; init; }
    /// <summary>sandtrace's own exit status (the target's code, 128+N, or one of sandtrace's codes).</summary>
    public required int ExitCode { get; init; }
    public required int ProcessCount { get; init; }
    public required int ThreadCount { get; init; }
    public required long DeniedCount { get; init; }
    public required long FailedSyscalls { get; init; }
    public required int FilesTouched { get; init; }
    public required IReadOnlyList<string> FilesWritten { get; init; }
    public required IReadOnlyList<NetworkAttempt> NetworkAttempts { get; init; }
    /// <summary>Distinct denials: which syscall, which layer, which rule.</summary>
    public required IReadOnlyList<Denial> Denials { get; init; }
    /// <summary>Calls per syscall name, most frequent first.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> SyscallCounts { get; init; }
    /// <summary>Why the run ended early, if it did: "timeout", "SIGINT", "SIGTERM", "SIGHUP".</summary>
    public string? Interrupted { get; init; }
    public required bool Truncated { get; init; }
}

internal sealed record Denial(string Syscall, string Layer, string Rule);

internal sealed record NetworkAttempt(string Syscall, string Family, string Address, string Result);
