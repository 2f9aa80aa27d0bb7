using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// The syscalls `--trace=security` stops on: everything that names a path (opens, creates, renames, links, unlinks,
/// chmod/chown, the stat family), execution, process creation and signals to other processes, the network calls
/// that pick a peer (connect, bind, listen, accept, sendto/sendmsg), memfd_create (sealed by the tracer); plus every
/// denied and log_only syscall (added by the caller). clone/clone3/unshare/ioctl are not on the list: their argument
/// rules own them in the filter, and process creation is reported by ptrace's fork events regardless.
/// Not on the list: readlink/readlinkat (they read a link's target, like read reads a file; compilers call them
/// tens of thousands of times through realpath, 2 of 3 stops of a C build).
/// </summary>
internal static class SecurityTraceSet
{
    public static readonly string[] Names =
    [
        "open", "openat", "openat2", "creat", "truncate", "stat", "lstat", "newfstatat", "statx", "statfs",
        "access", "faccessat", "faccessat2", "chdir",
        "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat",
        "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "chmod", "fchmodat", "fchmodat2", "chown", "lchown", "fchownat",
        "utime", "utimes", "futimesat", "utimensat",
        "setxattr", "lsetxattr", "getxattr", "lgetxattr", "listxattr", "llistxattr", "removexattr", "lremovexattr",
        "execve", "execveat", "fork", "vfork", "kill", "tkill", "tgkill",
        "connect", "bind", "listen", "accept", "accept4", "sendto", "sendmsg", "sendmmsg",
        "memfd_create",
    ];

    /// <summary>AT_EMPTY_PATH: the call is about the descriptor, not a path.</summary>
    const ulong AtEmptyPath = 0x1000;

    /// <summary>
    /// The descriptor forms of the stat family are not stopped: glibc's <c>fstat(fd)</c> is
    /// <c>newfstatat(fd, "", buf, AT_EMPTY_PATH)</c>, which names no path (a quarter of a C build's remaining stops).
    /// A filter cannot read the path string, so a call that sets AT_EMPTY_PATH together with a non-empty path is not
    /// stopped either: it reads metadata only, no layer enforces on stat, and <c>--trace=all</c> sees it.
    /// A name the policy logs (<c>log_only</c>) is stopped in every form.
    /// </summary>
    public static readonly TraceSkip[] DescriptorForms =
    [
        new("newfstatat", 3, AtEmptyPath, "newfstatat(AT_EMPTY_PATH)"),
        new("statx", 2, AtEmptyPath, "statx(AT_EMPTY_PATH)"),
    ];

    /// <summary>The x86_64 numbers of <see cref="Names"/> and <paramref name="extra"/> (unknown names skipped).</summary>
    public static HashSet<int> Numbers(IEnumerable<string> extra)
    {
        var numbers = new HashSet<int>();
        foreach (string n in Names) Add(n);
        foreach (string n in extra) Add(n);
        return numbers;

        void Add(string name)
        {
            int nr = SyscallTable.NumberX64(name);
            if (nr >= 0) numbers.Add(nr);
        }
    }

    /// <summary>The skips that apply when <paramref name="extra"/> (log_only names) is traced too.</summary>
    public static TraceSkip[] Skips(IEnumerable<string> extra)
    {
        var logged = new HashSet<string>(extra, StringComparer.Ordinal);
        var skips = new List<TraceSkip>(DescriptorForms.Length);
        foreach (var s in DescriptorForms) if (!logged.Contains(s.Syscall)) skips.Add(s);
        return [.. skips];
    }
}

/// <summary>A traced syscall that does not stop when bit <see cref="Bit"/> of argument <see cref="Arg"/> is set.</summary>
internal sealed record TraceSkip(string Syscall, int Arg, ulong Bit, string Label)
{
    public bool Matches(ReadOnlySpan<ulong> args) => Arg < args.Length && (args[Arg] & Bit) != 0;
}
