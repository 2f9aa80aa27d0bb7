using System.Text;

namespace Sandtrace.Native;

/// <summary>
/// lstat/stat and readlink as one raw syscall each, for the planner's path walks: FileInfo and Directory.Exists cost
/// two or three syscalls and allocations per path component, and a launch canonicalises dozens of paths.
/// </summary>
internal static unsafe class PathStat
{
    public const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;
    const long SYS_newfstatat = 262, SYS_readlink = 89, AT_SYMLINK_NOFOLLOW = 0x100;
    const int StatSize = 144, StModeOffset = 24;   // x86_64 struct stat
    const int MaxPath = 4096;

    /// <summary>st_mode of the path itself (a symlink is not followed), or -errno.</summary>
    public static long LinkMode(string path) => Mode(path, AT_SYMLINK_NOFOLLOW);

    /// <summary>st_mode of what the path names after following symlinks, or -errno.</summary>
    public static long Mode(string path) => Mode(path, 0);

    public static bool Exists(string path) => Mode(path) >= 0;

    static long Mode(string path, long flags)
    {
        int n = Encoding.UTF8.GetByteCount(path);
        if (n >= MaxPath) return -36;   // ENAMETOOLONG, as the kernel would answer
        byte* s = stackalloc byte[n + 1];
        Encoding.UTF8.GetBytes(path, new Span<byte>(s, n));
        s[n] = 0;
        byte* st = stackalloc byte[StatSize];
        long r = RawSyscall.Call(SYS_newfstatat, SetupConst.AT_FDCWD, (long)s, (long)st, flags);
        return r < 0 ? r : *(uint*)(st + StModeOffset);
    }

    /// <summary>The target of a symlink, or null (not a link, gone, unreadable).</summary>
    public static string? ReadLink(string path)
    {
        int n = Encoding.UTF8.GetByteCount(path);
        if (n >= MaxPath) return null;
        byte* s = stackalloc byte[n + 1];
        Encoding.UTF8.GetBytes(path, new Span<byte>(s, n));
        s[n] = 0;
        byte* buf = stackalloc byte[MaxPath];
        long r = RawSyscall.Call(SYS_readlink, (long)s, (long)buf, MaxPath);
        return r <= 0 || r >= MaxPath ? null : Encoding.UTF8.GetString(buf, (int)r);
    }
}
