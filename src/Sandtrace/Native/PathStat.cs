using System.Text;

namespace Sandtrace.Native;

/// <summary>
/// lstat/stat and readlink as one raw syscall each, for the planner's path walks: FileInfo and Directory.Exists cost
/// two or three syscalls and allocations per path component, and a launch canonicalises dozens of paths.
/// </summary>
internal static unsafe class PathStat
{
    public const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;
    const long AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int StatSize = 144, StModeOffset = 24, StUidOffset = 28;   // x86_64 struct stat

    /// <summary>st_mode of the path itself (a symlink is not followed), or -errno.</summary>
    public static long LinkMode(string path) => Field(path, AT_SYMLINK_NOFOLLOW, StModeOffset);

    /// <summary>st_mode of what the path names after following symlinks, or -errno.</summary>
    public static long Mode(string path) => Field(path, 0, StModeOffset);

    /// <summary>st_uid of the path itself (a symlink is not followed), or -errno.</summary>
    public static long LinkOwner(string path) => Field(path, AT_SYMLINK_NOFOLLOW, StUidOffset);

    public static bool Exists(string path) => Mode(path) >= 0;

    /// <summary>Whether a NUL-terminated UTF-8 path exists (symlinks followed), without a string.</summary>
    public static bool Exists(ReadOnlySpan<byte> cpath)
    {
        byte* st = stackalloc byte[StatSize];
        fixed (byte* s = cpath) return RawSyscall.Call(Sys.newfstatat, SetupConst.AT_FDCWD, (long)s, (long)st, 0) >= 0;
    }

    static long Field(string path, long flags, int offset)
    {
        byte* s = stackalloc byte[CPath.Max];
        if (!CPath.TryWrite(path, new Span<byte>(s, CPath.Max))) return -CPath.ENAMETOOLONG;
        byte* st = stackalloc byte[StatSize];
        long r = RawSyscall.Call(Sys.newfstatat, SetupConst.AT_FDCWD, (long)s, (long)st, flags);
        return r < 0 ? r : *(uint*)(st + offset);
    }

    /// <summary>The target of a symlink, or null (not a link, gone, unreadable).</summary>
    public static string? ReadLink(string path)
    {
        byte* s = stackalloc byte[CPath.Max];
        if (!CPath.TryWrite(path, new Span<byte>(s, CPath.Max))) return null;
        byte* buf = stackalloc byte[CPath.Max];
        long r = RawSyscall.Call(Sys.readlink, (long)s, (long)buf, CPath.Max);
        return r <= 0 || r >= CPath.Max ? null : Encoding.UTF8.GetString(buf, (int)r);
    }

    /// <summary>The target of the symlink at a NUL-terminated UTF-8 path, written to <paramref name="dest"/>: its
    /// length, or -1 (not a link, gone, unreadable, longer than the buffer).</summary>
    public static int ReadLink(ReadOnlySpan<byte> cpath, Span<byte> dest)
    {
        long r;
        fixed (byte* s = cpath)
        fixed (byte* d = dest) r = RawSyscall.Call(Sys.readlink, (long)s, (long)d, dest.Length);
        return r <= 0 || r >= dest.Length ? -1 : (int)r;
    }
}
