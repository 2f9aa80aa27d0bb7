namespace Sandtrace.Policy;

/// <summary>[limits] beyond the timeout, applied as rlimits to the program before execve (null: not limited).</summary>
internal sealed record ResourceLimits(
    long? MemoryBytes = null,        // RLIMIT_AS
    long? MaxProcesses = null,       // RLIMIT_NPROC (per user id inside the sandbox's user namespace)
    long? MaxFileSizeBytes = null,   // RLIMIT_FSIZE
    long? MaxOpenFiles = null,       // RLIMIT_NOFILE
    long? CpuTimeSeconds = null)     // RLIMIT_CPU
{
    public static ResourceLimits None { get; } = new();
}
