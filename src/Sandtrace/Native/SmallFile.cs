namespace Sandtrace.Native;

/// <summary>
/// Reads or writes a small file (a /proc entry) with open, read/write and close as raw syscalls: the .NET file APIs
/// cost a handle, a stream and their first-use setup on every exec event the tracer reports and on every start.
/// </summary>
internal static unsafe class SmallFile
{
    const long O_RDONLY = 0, O_WRONLY = 1, O_CLOEXEC = 0x80000;

    /// <summary>The number of bytes read (at most <paramref name="buffer"/>'s length, from one read), or -errno.</summary>
    public static int Read(string path, Span<byte> buffer)
    {
        fixed (byte* b = buffer) return OneCall(path, O_RDONLY, Sys.read, b, buffer.Length);
    }

    /// <summary>Writes <paramref name="content"/> to an existing file with a single write(2) (the kernel takes an id
    /// map only whole, in one write). The number of bytes written, or -errno.</summary>
    public static int Write(string path, ReadOnlySpan<byte> content)
    {
        fixed (byte* b = content) return OneCall(path, O_WRONLY, Sys.write, b, content.Length);
    }

    /// <summary>The whole content of a file whose size stat does not tell (a /proc entry such as environ), read with
    /// raw syscalls into a buffer that doubles as needed: its bytes, or null when it cannot be opened or read.</summary>
    public static byte[]? ReadAll(string path, int initialCapacity = 8 * 1024)
    {
        long fd = Open(path, O_RDONLY);
        if (fd < 0) return null;
        var buffer = GC.AllocateUninitializedArray<byte>(initialCapacity);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                long r;
                fixed (byte* b = buffer) r = Retried(Sys.read, fd, b + length, buffer.Length - length);
                if (r < 0) return null;
                if (r == 0) break;
                length += (int)r;
            }
        }
        finally { RawSyscall.Call(Sys.close, fd); }
        return length == buffer.Length ? buffer : buffer[..length];
    }

    /// <summary>Opens a file read-only to read it again and again with <see cref="ReadAt"/> (a /proc entry read at every
    /// tracer stop): the descriptor, or -errno. <paramref name="path"/> ends with a NUL.</summary>
    public static int OpenForReading(ReadOnlySpan<byte> path)
    {
        fixed (byte* p = path) return (int)RawSyscall.Call(Sys.openat, SetupConst.AT_FDCWD, (long)p, O_RDONLY | O_CLOEXEC);
    }

    /// <summary>One pread(2) from offset 0 (retried on EINTR): the number of bytes read, or -errno.</summary>
    public static int ReadAt(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer) return (int)Retried(Sys.pread64, fd, b, buffer.Length);
    }

    public static void Close(int fd) => RawSyscall.Call(Sys.close, fd);

    /// <summary>open, one read or write (retried on EINTR), close.</summary>
    static int OneCall(string path, long access, long nr, byte* buffer, int length)
    {
        long fd = Open(path, access);
        if (fd < 0) return (int)fd;
        long r = Retried(nr, fd, buffer, length);
        RawSyscall.Call(Sys.close, fd);
        return (int)r;
    }

    /// <summary>openat(2) of <paramref name="path"/>, close-on-exec: the descriptor, or -errno.</summary>
    static long Open(string path, long access)
    {
        byte* s = stackalloc byte[CPath.Max];
        if (!CPath.TryWrite(path, new Span<byte>(s, CPath.Max))) return -CPath.ENAMETOOLONG;
        return RawSyscall.Call(Sys.openat, SetupConst.AT_FDCWD, (long)s, access | O_CLOEXEC);
    }

    /// <summary>read, write or pread64 (at offset 0) of <paramref name="length"/> bytes, retried on EINTR.</summary>
    static long Retried(long nr, long fd, byte* buffer, long length)
    {
        long r;
        do r = RawSyscall.Call(nr, fd, (long)buffer, length, 0);
        while (r == -4);   // EINTR
        return r;
    }
}
