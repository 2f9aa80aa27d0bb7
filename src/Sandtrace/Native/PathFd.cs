namespace Sandtrace.Native;

/// <summary>
/// O_PATH descriptors: a handle on an inode without opening it for I/O (no read permission needed, no side effects
/// on devices or FIFOs). Landlock rules are given such a descriptor; fstat on it tells file from directory without
/// the race of looking the path up a second time.
/// </summary>
internal static unsafe class PathFd
{
    public const long O_PATH = 0x200000, O_CLOEXEC = 0x80000;
    public const long F_GETFD = 1, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;

    /// <summary>openat(AT_FDCWD, path, O_PATH|O_CLOEXEC), following symlinks; the fd or -errno.</summary>
    public static int Open(string path)
    {
        byte* s = stackalloc byte[CPath.Max];
        if (!CPath.TryWrite(path, new Span<byte>(s, CPath.Max))) return -CPath.ENAMETOOLONG;
        return (int)RawSyscall.Call(Sys.openat, SetupConst.AT_FDCWD, (long)s, O_PATH | O_CLOEXEC);
    }

    /// <summary>True for a directory. fstat on a valid O_PATH fd does not fail; if it did, "not a directory" is the
    /// safe answer (a file rule carries fewer rights).</summary>
    public static bool IsDirectory(int fd)
    {
        byte* st = stackalloc byte[PathStat.StatSize];
        if (RawSyscall.Call(Sys.fstat, fd, (long)st) < 0) return false;
        return (*(uint*)(st + PathStat.StModeOffset) & PathStat.S_IFMT) == PathStat.S_IFDIR;
    }

    public static void Close(int fd) => RawSyscall.Call(Sys.close, fd);
}
