using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// The syscalls `--trace=security` stops on: everything that names a path (opens, creates, renames, links, unlinks,
/// chmod/chown, the stat family), execution, process creation and signals to other processes, the network calls
/// that pick a peer (connect, bind, listen, accept, sendto/sendmsg), memfd_create (sealed by the tracer); plus every
/// denied and log_only syscall (added by the caller). clone/clone3/unshare/ioctl are not on the list: their argument
/// rules own them in the filter, and process creation is reported by ptrace's fork events regardless.
/// </summary>
internal static class SecurityTraceSet
{
    public static readonly string[] Names =
    [
        "open", "openat", "openat2", "creat", "truncate", "stat", "lstat", "newfstatat", "statx", "statfs",
        "access", "faccessat", "faccessat2", "readlink", "readlinkat", "chdir",
        "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat",
        "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "chmod", "fchmodat", "fchmodat2", "chown", "lchown", "fchownat",
        "utime", "utimes", "futimesat", "utimensat",
        "setxattr", "lsetxattr", "getxattr", "lgetxattr", "listxattr", "llistxattr", "removexattr", "lremovexattr",
        "execve", "execveat", "fork", "vfork", "kill", "tkill", "tgkill",
        "connect", "bind", "listen", "accept", "accept4", "sendto", "sendmsg", "sendmmsg",
        "memfd_create",
    ];

    public static IEnumerable<int> Numbers(IEnumerable<string> extra) =>
        Names.Concat(extra).Select(SyscallTable.NumberX64).Where(n => n >= 0).Distinct();
}
