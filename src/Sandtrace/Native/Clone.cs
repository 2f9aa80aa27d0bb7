namespace Sandtrace.Native;

/// <summary>clone flags (linux/sched.h).</summary>
internal static class CloneFlags
{
    public const long NEWNS = 0x00020000, NEWCGROUP = 0x02000000, NEWUTS = 0x04000000, NEWIPC = 0x08000000,
        NEWUSER = 0x10000000, NEWPID = 0x20000000, NEWNET = 0x40000000;
}

/// <summary>Constants the sandbox setup steps pass to the kernel.</summary>
internal static class SetupConst
{
    public const long MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_BIND = 0x1000, MS_REC = 0x4000, MS_PRIVATE = 1 << 18;
    public const long MOUNT_ATTR_RDONLY = 1, MOUNT_ATTR_NOSUID = 2, MOUNT_ATTR_NODEV = 4, AT_RECURSIVE = 0x8000, MNT_DETACH = 2;
    public const long O_CREAT = 0x40, O_PATH = 0x200000, O_DIRECTORY = 0x10000;
    public const long PR_SET_PDEATHSIG = 1, PR_SET_NO_NEW_PRIVS = 38;
    public const long SIG_SETMASK = 2;
    public const long AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000, O_CLOEXEC = 0x80000, O_WRONLY = 1;
    public const long SIOCSIFFLAGS = 0x8914, IFF_UP = 1;
    public const long CLOSE_RANGE_CLOEXEC = 4;
    public const long AT_FDCWD = -100;
}
