namespace Sandtrace.Tracing;

/// <summary>
/// Which arguments of an x86_64 syscall are paths, and the dirfd each is relative to (-1: relative to the cwd).
/// Used at syscall entry to refuse paths matching a deny rule before the kernel sees them.
/// </summary>
internal static class PathArguments
{
    internal readonly record struct PathArg(int Index, int DirfdIndex);

    static readonly PathArg[]?[] Table = Build();

    public static ReadOnlySpan<PathArg> Of(long nr) =>
        (ulong)nr < (ulong)Table.Length && Table[nr] is { } a ? a : [];

    const long O_CREAT = 0x40;

    /// <summary>Whether an x86_64 call creates a name: an open with O_CREAT (openat2 counts: its flags are in the
    /// tracee's memory), creat, mkdir, mknod, and rename, link and symlink (their new name).</summary>
    public static bool Creates(long nr, ReadOnlySpan<long> args) => nr switch
    {
        X64Syscall.open => (args[1] & O_CREAT) != 0,
        X64Syscall.openat => (args[2] & O_CREAT) != 0,
        X64Syscall.openat2 or X64Syscall.creat or X64Syscall.mkdir or X64Syscall.mkdirat or X64Syscall.mknod or X64Syscall.mknodat
            or X64Syscall.rename or X64Syscall.renameat or X64Syscall.renameat2 or X64Syscall.link or X64Syscall.linkat
            or X64Syscall.symlink or X64Syscall.symlinkat => true,
        _ => false,
    };

    static PathArg[]?[] Build()
    {
        var t = new PathArg[]?[512];
        void P(int nr, params PathArg[] a) => t[nr] = a;
        PathArg Cwd(int i) => new(i, -1);
        PathArg At(int i, int dirfd) => new(i, dirfd);
        P(2, Cwd(0));            // open
        P(4, Cwd(0)); P(6, Cwd(0));   // stat, lstat
        P(21, Cwd(0));           // access
        P(59, Cwd(0));           // execve
        P(76, Cwd(0));           // truncate
        P(80, Cwd(0));           // chdir
        P(82, Cwd(0), Cwd(1));   // rename
        P(83, Cwd(0)); P(84, Cwd(0)); P(85, Cwd(0));   // mkdir, rmdir, creat
        P(86, Cwd(0), Cwd(1));   // link
        P(87, Cwd(0));           // unlink
        P(88, Cwd(1));           // symlink (the new link)
        P(89, Cwd(0));           // readlink
        P(90, Cwd(0)); P(92, Cwd(0)); P(94, Cwd(0));   // chmod, chown, lchown
        P(132, Cwd(0)); P(235, Cwd(0));                // utime, utimes
        P(133, Cwd(0));          // mknod
        P(137, Cwd(0));          // statfs
        P(188, Cwd(0)); P(189, Cwd(0)); P(191, Cwd(0)); P(192, Cwd(0)); P(194, Cwd(0)); P(195, Cwd(0)); P(197, Cwd(0)); P(198, Cwd(0));  // xattrs
        P(257, At(1, 0));        // openat
        P(258, At(1, 0)); P(259, At(1, 0)); P(260, At(1, 0)); P(261, At(1, 0));  // mkdirat, mknodat, fchownat, futimesat
        P(262, At(1, 0)); P(263, At(1, 0));            // newfstatat, unlinkat
        P(264, At(1, 0), At(3, 2));                    // renameat
        P(265, At(1, 0), At(3, 2));                    // linkat
        P(266, At(2, 1));                              // symlinkat (the new link)
        P(267, At(1, 0)); P(268, At(1, 0)); P(269, At(1, 0));   // readlinkat, fchmodat, faccessat
        P(280, At(1, 0));        // utimensat
        P(316, At(1, 0), At(3, 2));                    // renameat2
        P(322, At(1, 0));        // execveat
        P(332, At(1, 0));        // statx
        P(437, At(1, 0));        // openat2
        P(439, At(1, 0));        // faccessat2
        P(452, At(1, 0));        // fchmodat2
        return t;
    }
}
