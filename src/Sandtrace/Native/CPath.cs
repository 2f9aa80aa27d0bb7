using System.Text;

namespace Sandtrace.Native;

/// <summary>A path as the kernel takes it: NUL-terminated UTF-8, written into a caller's buffer (stackalloc of
/// <see cref="Max"/> bytes) for the raw path syscalls of PathFd, PathStat and SmallFile.</summary>
internal static class CPath
{
    /// <summary>PATH_MAX, the NUL included: a longer path gets ENAMETOOLONG from the kernel.</summary>
    public const int Max = 4096;
    public const int ENAMETOOLONG = 36;

    /// <summary>Writes <paramref name="path"/> and its NUL; false when they do not fit (the kernel's ENAMETOOLONG).</summary>
    public static bool TryWrite(string path, Span<byte> buffer)
    {
        if (!Encoding.UTF8.TryGetBytes(path, buffer[..^1], out int n)) return false;
        buffer[n] = 0;
        return true;
    }
}
