using Cat = Sandtrace.Tracing.SyscallCategory;

namespace Sandtrace.Tracing;

/// <summary>
/// The one name → category mapping, written as groups of related syscalls. Categories are assigned by name so
/// that x86_64, x32 and i386 agree (i386-only spellings such as "_llseek", "fstatat64" or "clock_gettime64" are
/// listed beside their x86_64 counterparts). Every name of every table must appear exactly once; calls Linux
/// never implemented are listed explicitly under Other. docs/categories.md explains the borderline choices.
/// </summary>
internal static class SyscallCategoryMap
{
    internal readonly record struct Group(SyscallCategory Category, string Topic, string[] Names);

    internal static readonly Group[] Groups =
    [
        // file_read: opening files and reading their contents
        new(Cat.FileRead, "open a file (any mode)", ["open", "openat", "openat2", "open_by_handle_at"]),
        new(Cat.FileRead, "read from a descriptor", ["read", "pread64", "readv", "preadv", "preadv2"]),
        new(Cat.FileRead, "read a symlink", ["readlink", "readlinkat"]),
        new(Cat.FileRead, "copy a file's contents out to another descriptor", ["sendfile", "sendfile64"]),
        new(Cat.FileRead, "read a file into the page cache", ["readahead"]),
        new(Cat.FileRead, "load a shared library (obsolete)", ["uselib"]),

        // file_write: writing, creating, removing, renaming and flushing files
        new(Cat.FileWrite, "write to a descriptor", ["write", "pwrite64", "writev", "pwritev", "pwritev2"]),
        new(Cat.FileWrite, "create a file", ["creat", "mknod", "mknodat", "memfd_create"]),
        new(Cat.FileWrite, "change a file's size or allocation", ["truncate", "truncate64", "ftruncate", "ftruncate64", "fallocate"]),
        new(Cat.FileWrite, "rename", ["rename", "renameat", "renameat2"]),
        new(Cat.FileWrite, "remove a name", ["unlink", "unlinkat"]),
        new(Cat.FileWrite, "make a link", ["link", "linkat", "symlink", "symlinkat"]),
        new(Cat.FileWrite, "copy into a file", ["copy_file_range"]),
        new(Cat.FileWrite, "flush written data", ["sync", "syncfs", "fsync", "fdatasync", "sync_file_range"]),

        // file_metadata: inspecting and changing what describes a file, and descriptor bookkeeping
        new(Cat.FileMetadata, "stat", ["stat", "fstat", "lstat", "newfstatat", "statx", "stat64", "fstat64", "lstat64", "fstatat64", "oldstat", "oldfstat", "oldlstat"]),
        new(Cat.FileMetadata, "check access", ["access", "faccessat", "faccessat2"]),
        new(Cat.FileMetadata, "change mode", ["chmod", "fchmod", "fchmodat", "fchmodat2"]),
        new(Cat.FileMetadata, "change owner", ["chown", "fchown", "lchown", "fchownat", "chown32", "fchown32", "lchown32"]),
        new(Cat.FileMetadata, "set the creation mask", ["umask"]),
        new(Cat.FileMetadata, "change timestamps", ["utime", "utimes", "futimesat", "utimensat", "utimensat_time64"]),
        new(Cat.FileMetadata, "extended attributes by path", ["setxattr", "lsetxattr", "getxattr", "lgetxattr", "listxattr", "llistxattr", "removexattr", "lremovexattr"]),
        new(Cat.FileMetadata, "extended attributes by descriptor", ["fsetxattr", "fgetxattr", "flistxattr", "fremovexattr"]),
        new(Cat.FileMetadata, "extended attributes relative to a directory", ["setxattrat", "getxattrat", "listxattrat", "removexattrat"]),
        new(Cat.FileMetadata, "inode flags", ["file_getattr", "file_setattr"]),
        new(Cat.FileMetadata, "file system statistics", ["statfs", "fstatfs", "statfs64", "fstatfs64", "ustat"]),
        new(Cat.FileMetadata, "file handles", ["name_to_handle_at"]),
        new(Cat.FileMetadata, "page cache state and access hints", ["cachestat", "fadvise64", "fadvise64_64"]),
        new(Cat.FileMetadata, "descriptor bookkeeping", ["close", "close_range", "dup", "dup2", "dup3", "fcntl", "fcntl64"]),
        new(Cat.FileMetadata, "file position", ["lseek", "_llseek"]),
        new(Cat.FileMetadata, "advisory lock", ["flock"]),
        new(Cat.FileMetadata, "device and file control through a descriptor", ["ioctl"]),
        new(Cat.FileMetadata, "watch files for access", ["inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_init", "fanotify_mark"]),

        // directory
        new(Cat.Directory, "create and remove directories", ["mkdir", "mkdirat", "rmdir"]),
        new(Cat.Directory, "list a directory", ["getdents", "getdents64", "readdir"]),
        new(Cat.Directory, "current and root directory", ["chdir", "fchdir", "getcwd", "chroot"]),

        // network
        new(Cat.Network, "create sockets", ["socket", "socketpair"]),
        new(Cat.Network, "connections", ["connect", "bind", "listen", "accept", "accept4", "shutdown"]),
        new(Cat.Network, "send", ["sendto", "sendmsg", "sendmmsg"]),
        new(Cat.Network, "receive", ["recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64"]),
        new(Cat.Network, "socket options and addresses", ["getsockopt", "setsockopt", "getsockname", "getpeername"]),
        new(Cat.Network, "i386 socket multiplexer", ["socketcall"]),

        // process
        new(Cat.Process, "create processes and threads", ["fork", "vfork", "clone", "clone3"]),
        new(Cat.Process, "run a program", ["execve", "execveat"]),
        new(Cat.Process, "exit", ["exit", "exit_group"]),
        new(Cat.Process, "wait for children", ["wait4", "waitid", "waitpid"]),
        new(Cat.Process, "process identity", ["getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid"]),
        new(Cat.Process, "user ids", ["getuid", "geteuid", "setuid", "setreuid", "setresuid", "getresuid", "setfsuid", "getuid32", "geteuid32", "setuid32", "setreuid32", "setresuid32", "getresuid32", "setfsuid32"]),
        new(Cat.Process, "group ids", ["getgid", "getegid", "setgid", "setregid", "setresgid", "getresgid", "setfsgid", "getgroups", "setgroups", "getgid32", "getegid32", "setgid32", "setregid32", "setresgid32", "getresgid32", "setfsgid32", "getgroups32", "setgroups32"]),
        new(Cat.Process, "capabilities", ["capget", "capset"]),
        new(Cat.Process, "resource limits and usage", ["getrlimit", "setrlimit", "ugetrlimit", "prlimit64", "getrusage"]),
        new(Cat.Process, "process control", ["prctl", "personality", "set_tid_address", "rseq"]),
        new(Cat.Process, "CPU state of a thread (TLS, LDT, vm86)", ["arch_prctl", "set_thread_area", "get_thread_area", "modify_ldt", "vm86", "vm86old"]),
        new(Cat.Process, "inspect or control other processes", ["ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_open", "pidfd_getfd"]),
        new(Cat.Process, "namespaces", ["unshare", "setns"]),
        new(Cat.Process, "self-sandboxing", ["seccomp", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"]),
        new(Cat.Process, "security module attributes of the caller", ["lsm_get_self_attr", "lsm_set_self_attr"]),
        new(Cat.Process, "scheduling", ["sched_yield", "sched_setparam", "sched_getparam", "sched_setscheduler", "sched_getscheduler", "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_getaffinity", "sched_setattr", "sched_getattr", "getcpu"]),
        new(Cat.Process, "priorities", ["getpriority", "setpriority", "nice", "ioprio_get", "ioprio_set"]),

        // memory
        new(Cat.Memory, "map and unmap", ["mmap", "mmap2", "munmap", "mremap", "remap_file_pages", "brk"]),
        new(Cat.Memory, "protection", ["mprotect", "pkey_mprotect", "pkey_alloc", "pkey_free", "mseal", "map_shadow_stack"]),
        new(Cat.Memory, "advice and residency", ["madvise", "process_madvise", "mincore", "msync", "process_mrelease"]),
        new(Cat.Memory, "locking", ["mlock", "mlock2", "munlock", "mlockall", "munlockall"]),
        new(Cat.Memory, "NUMA placement", ["mbind", "set_mempolicy", "get_mempolicy", "set_mempolicy_home_node", "migrate_pages", "move_pages"]),
        new(Cat.Memory, "special memory", ["memfd_secret", "userfaultfd", "membarrier"]),

        // signal
        new(Cat.Signal, "send a signal", ["kill", "tkill", "tgkill", "pidfd_send_signal", "rt_sigqueueinfo", "rt_tgsigqueueinfo"]),
        new(Cat.Signal, "handlers and masks", ["rt_sigaction", "rt_sigprocmask", "sigaction", "signal", "sigprocmask", "sgetmask", "ssetmask", "sigaltstack"]),
        new(Cat.Signal, "wait for signals", ["rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "sigpending", "sigsuspend", "pause", "signalfd", "signalfd4"]),
        new(Cat.Signal, "return from a handler or restart", ["rt_sigreturn", "sigreturn", "restart_syscall"]),

        // ipc: communication between processes and threads, and waiting on descriptors
        new(Cat.Ipc, "pipes", ["pipe", "pipe2", "splice", "tee", "vmsplice"]),
        new(Cat.Ipc, "futexes", ["futex", "futex_time64", "futex_waitv", "futex_wake", "futex_wait", "futex_requeue", "set_robust_list", "get_robust_list"]),
        new(Cat.Ipc, "System V messages", ["msgget", "msgsnd", "msgrcv", "msgctl"]),
        new(Cat.Ipc, "System V semaphores", ["semget", "semop", "semctl", "semtimedop", "semtimedop_time64"]),
        new(Cat.Ipc, "System V shared memory", ["shmget", "shmat", "shmdt", "shmctl"]),
        new(Cat.Ipc, "i386 System V multiplexer", ["ipc"]),
        new(Cat.Ipc, "POSIX message queues", ["mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive", "mq_timedreceive_time64", "mq_notify", "mq_getsetattr"]),
        new(Cat.Ipc, "event counters", ["eventfd", "eventfd2"]),
        new(Cat.Ipc, "wait for descriptors", ["poll", "ppoll", "ppoll_time64", "select", "_newselect", "pselect6", "pselect6_time64"]),
        new(Cat.Ipc, "epoll", ["epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_ctl_old", "epoll_wait_old"]),

        // system: the machine, the kernel and global state
        new(Cat.System, "mounts", ["mount", "umount", "umount2", "pivot_root", "mount_setattr", "move_mount", "open_tree", "open_tree_attr", "statmount", "listmount"]),
        new(Cat.System, "file system contexts", ["fsopen", "fsconfig", "fsmount", "fspick"]),
        new(Cat.System, "quotas", ["quotactl", "quotactl_fd"]),
        new(Cat.System, "swap", ["swapon", "swapoff"]),
        new(Cat.System, "kernel modules", ["init_module", "finit_module", "delete_module", "create_module", "query_module", "get_kernel_syms"]),
        new(Cat.System, "reboot and kexec", ["reboot", "kexec_load", "kexec_file_load"]),
        new(Cat.System, "host identity", ["uname", "olduname", "oldolduname", "sethostname", "setdomainname"]),
        new(Cat.System, "kernel information and logs", ["sysinfo", "syslog", "sysfs", "_sysctl", "lookup_dcookie", "lsm_list_modules"]),
        new(Cat.System, "keyrings", ["add_key", "request_key", "keyctl"]),
        new(Cat.System, "randomness", ["getrandom"]),
        new(Cat.System, "accounting", ["acct"]),
        new(Cat.System, "hardware I/O ports and terminals", ["iopl", "ioperm", "vhangup"]),
        new(Cat.System, "BPF, perf and uprobes", ["bpf", "perf_event_open", "uprobe", "uretprobe"]),
        new(Cat.System, "asynchronous I/O engines", ["io_uring_setup", "io_uring_enter", "io_uring_register", "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents", "io_pgetevents_time64"]),
        new(Cat.System, "obsolete kernel services", ["nfsservctl", "bdflush", "idle"]),

        // time
        new(Cat.Time, "read and set clocks", ["time", "stime", "gettimeofday", "settimeofday", "clock_gettime", "clock_gettime64", "clock_settime", "clock_settime64", "clock_getres", "clock_getres_time64", "times"]),
        new(Cat.Time, "adjust clocks", ["adjtimex", "clock_adjtime", "clock_adjtime64"]),
        new(Cat.Time, "sleep", ["nanosleep", "clock_nanosleep", "clock_nanosleep_time64"]),
        new(Cat.Time, "interval timers", ["alarm", "getitimer", "setitimer"]),
        new(Cat.Time, "POSIX timers", ["timer_create", "timer_settime", "timer_settime64", "timer_gettime", "timer_gettime64", "timer_getoverrun", "timer_delete"]),
        new(Cat.Time, "timer descriptors", ["timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime", "timerfd_gettime64"]),

        // other: table rows for calls mainline Linux never implemented (always ENOSYS)
        new(Cat.Other, "never implemented", ["break", "stty", "gtty", "ftime", "prof", "lock", "mpx", "ulimit", "profil", "getpmsg", "putpmsg", "afs_syscall", "tuxcall", "security", "vserver"]),
    ];

    // A plain Dictionary: built at every start (a FrozenDictionary's key analysis cost ~0.2 ms of a 7 ms run), and
    // looked up off the hot path (the tracer reads SyscallCategories' arrays).
    static readonly Dictionary<string, SyscallCategory> s_byName = Build();

    /// <summary>The category of a syscall name; false if the name is in no group.</summary>
    public static bool TryGet(string name, out SyscallCategory category) => s_byName.TryGetValue(name, out category);

    static Dictionary<string, SyscallCategory> Build()
    {
        var byName = new Dictionary<string, SyscallCategory>(StringComparer.Ordinal);
        foreach (Group g in Groups)
            foreach (string name in g.Names)
                byName.Add(name, g.Category); // Add throws on a name listed twice
        return byName;
    }
}
