namespace Sandtrace.Tracing;

/// <summary>
/// x32 syscall names (numbers as seen with __X32_SYSCALL_BIT removed): the "common" rows of syscall_64.tbl at
/// Linux v6.18, which x32 shares with x86_64, plus the "x32" rows 512..547 (x32 variants of calls whose
/// native row is ABI "64"). A native-only number gets ENOSYS from an x32 tracee, so it has no name here.
/// </summary>
internal static class SyscallNamesX32
{
    /// <summary>One past the highest x32 number (547 pwritev2).</summary>
    internal const int Length = 548;

    internal static string?[] Create(string?[] x64)
    {
        var t = new string?[Length];
        Array.Copy(x64, t, x64.Length);
        foreach (int nr in SyscallNamesX64.NativeOnly) t[nr] = null;
        t[512] = "rt_sigaction";
        t[513] = "rt_sigreturn";
        t[514] = "ioctl";
        t[515] = "readv";
        t[516] = "writev";
        t[517] = "recvfrom";
        t[518] = "sendmsg";
        t[519] = "recvmsg";
        t[520] = "execve";
        t[521] = "ptrace";
        t[522] = "rt_sigpending";
        t[523] = "rt_sigtimedwait";
        t[524] = "rt_sigqueueinfo";
        t[525] = "sigaltstack";
        t[526] = "timer_create";
        t[527] = "mq_notify";
        t[528] = "kexec_load";
        t[529] = "waitid";
        t[530] = "set_robust_list";
        t[531] = "get_robust_list";
        t[532] = "vmsplice";
        t[533] = "move_pages";
        t[534] = "preadv";
        t[535] = "pwritev";
        t[536] = "rt_tgsigqueueinfo";
        t[537] = "recvmmsg";
        t[538] = "sendmmsg";
        t[539] = "process_vm_readv";
        t[540] = "process_vm_writev";
        t[541] = "setsockopt";
        t[542] = "getsockopt";
        t[543] = "io_setup";
        t[544] = "io_submit";
        t[545] = "execveat";
        t[546] = "preadv2";
        t[547] = "pwritev2";
        return t;
    }
}
