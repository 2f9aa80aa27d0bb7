namespace Sandtrace.Tracing;

/// <summary>Reads the memory of a stopped tracee. Implementations never allocate per call.</summary>
internal interface ITraceeMemory
{
    /// <summary>Copies up to dst.Length bytes from the tracee at addr. Returns the count read, or -1 if nothing
    /// could be read (bad address, process gone).</summary>
    int Read(int pid, ulong addr, Span<byte> dst);

    /// <summary>Reads a NUL-terminated string into dst (without the NUL). Returns its length, or -1 if unreadable.
    /// A string longer than dst is cut to dst.Length and <paramref name="truncated"/> is set.</summary>
    int ReadCString(int pid, ulong addr, Span<byte> dst, out bool truncated);
}
