namespace Sandtrace.Native;

/// <summary>x86_64 syscall numbers used by the launcher and the tracer themselves.</summary>
internal static class Sys
{
    public const long read = 0, write = 1, close = 3, ioctl = 16, getpid = 39, socket = 41, clone = 56, fork = 57,
        vfork = 58, execve = 59, exit = 60, wait4 = 61, kill = 62, fcntl = 72, chdir = 80, getppid = 110, setsid = 112,
        rt_sigaction = 13, rt_sigprocmask = 14, prctl = 157, mount = 165, gettid = 186, exit_group = 231,
        tgkill = 234, openat = 257, pipe2 = 293, process_vm_readv = 310, execveat = 322, close_range = 436,
        ptrace = 101, clone3 = 435, pidfd_open = 434, pidfd_send_signal = 424, dup3 = 292,
        mkdir = 83, symlink = 88, pivot_root = 155, umount2 = 166, mount_setattr = 442, fchmodat = 268, seccomp = 317,
        sched_setaffinity = 203, sched_getaffinity = 204, getcpu = 309, mmap = 9, munmap = 11,
        fstat = 5, pread64 = 17, readlink = 89, newfstatat = 262, unshare = 272, poll = 7;
}
