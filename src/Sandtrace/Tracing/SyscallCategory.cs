namespace Sandtrace.Tracing;

/// <summary>What a syscall is about, for filtering and summaries. docs/categories.md lists every member.</summary>
internal enum SyscallCategory : byte
{
    FileRead,
    FileWrite,
    FileMetadata,
    Directory,
    Network,
    Process,
    Memory,
    Signal,
    Ipc,
    System,
    Time,
    Other,
}

internal static class SyscallCategoryExtensions
{
    /// <summary>The name used in JSON output and in policies (snake_case).</summary>
    public static string JsonName(this SyscallCategory c) => c switch
    {
        SyscallCategory.FileRead => "file_read",
        SyscallCategory.FileWrite => "file_write",
        SyscallCategory.FileMetadata => "file_metadata",
        SyscallCategory.Directory => "directory",
        SyscallCategory.Network => "network",
        SyscallCategory.Process => "process",
        SyscallCategory.Memory => "memory",
        SyscallCategory.Signal => "signal",
        SyscallCategory.Ipc => "ipc",
        SyscallCategory.System => "system",
        SyscallCategory.Time => "time",
        SyscallCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    /// <summary>True for categories that touch files, the network or other processes: what a sandbox report
    /// must show even when noise (memory, time, signals) is filtered out.</summary>
    public static bool IsSecurityRelevant(this SyscallCategory c) => c is
        SyscallCategory.FileRead or SyscallCategory.FileWrite or SyscallCategory.FileMetadata or
        SyscallCategory.Directory or SyscallCategory.Network or SyscallCategory.Process;
}
