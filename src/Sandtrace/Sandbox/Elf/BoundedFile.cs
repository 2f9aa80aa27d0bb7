using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A file opened read-only for positional, bounds-checked reads. Opened with O_NONBLOCK so that a FIFO planted where
/// a program or library is expected cannot hang us (a blocking open waits for a writer forever); on regular files the
/// flag changes nothing. Reads past the end or larger than <see cref="MaxRead"/> fail softly (false), never throw.
/// </summary>
internal sealed partial class BoundedFile : IDisposable
{
    /// <summary>No ELF structure we read (program headers, dynamic section, string table) is legitimately this big;
    /// the cap keeps a hostile header from making us allocate gigabytes.</summary>
    public const int MaxRead = 16 << 20;

    const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    const int EPERM = 1, ENOENT = 2, EACCES = 13, ENOTDIR = 20, ENAMETOOLONG = 36, ELOOP = 40;

    readonly SafeFileHandle _handle;
    public string Path { get; }
    public long Length { get; }

    BoundedFile(string path, SafeFileHandle handle, long length) => (Path, _handle, Length) = (path, handle, length);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    /// <summary>Opens <paramref name="path"/>. Throws FileNotFoundException when the path names nothing (ENOENT,
    /// ENOTDIR, ELOOP, ENAMETOOLONG), UnauthorizedAccessException when it may not be read or is a directory (execve
    /// answers EACCES for a directory too), IOException otherwise.</summary>
    public static BoundedFile Open(string path)
    {
        if (Directory.Exists(path)) throw new UnauthorizedAccessException($"{path} is a directory");
        int fd = OpenNative(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string message = $"{path}: {Errno.Describe(errno)}";
            throw errno switch
            {
                ENOENT or ENOTDIR or ELOOP or ENAMETOOLONG => new FileNotFoundException(message, path),
                EACCES or EPERM => new UnauthorizedAccessException(message),
                _ => new IOException(message),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // fstat's st_size; 0 for character devices, so every read of those fails softly.
            return new BoundedFile(path, handle, RandomAccess.GetLength(handle));
        }
        catch (NotSupportedException)
        {
            // A FIFO or socket: execve refuses anything but a regular file with EACCES, and so do we.
            handle.Dispose();
            throw new UnauthorizedAccessException($"{path} is not a regular file");
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or false when they are not all
    /// in the file (or the read fails).</summary>
    public bool TryRead(long offset, long count, out byte[] bytes)
    {
        bytes = [];
        if (offset < 0 || count < 0 || count > MaxRead || offset > Length || count > Length - offset) return false;
        // Not zeroed first: it is filled completely below, or dropped (a zeroed 32 KiB buffer cost its memset and
        // page faults on every start).
        var buffer = GC.AllocateUninitializedArray<byte>((int)count);
        try
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(_handle, buffer.AsSpan(done), offset + done);
                if (n <= 0) return false; // the file shrank under us
                done += n;
            }
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }
        bytes = buffer;
        return true;
    }

    /// <summary>Up to <paramref name="count"/> bytes from the start (fewer when the file is shorter).</summary>
    public byte[] ReadPrefix(int count) => TryRead(0, Math.Min(count, Length), out var b) ? b : [];

    public void Dispose() => _handle.Dispose();
}
