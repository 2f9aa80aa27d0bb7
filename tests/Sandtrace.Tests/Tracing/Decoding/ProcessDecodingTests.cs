using System.Buffers.Binary;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing.Decoding;

public class ProcessDecodingTests
{
    readonly DecodeHarness _h = new();

    [Theory]
    // glibc pthread_create
    [InlineData(X64Syscall.clone, new[] { "0x3d0f00" }, "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID")]
    // glibc fork
    [InlineData(X64Syscall.clone, new[] { "0x1200011" }, "flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD")]
    [InlineData(X64Syscall.clone, new[] { "0x11" }, "flags=SIGCHLD")]
    [InlineData(X64Syscall.clone, new[] { "0" }, "flags=0")]
    [InlineData(X64Syscall.clone, new[] { "0x100004111" }, "flags=CLONE_VM|CLONE_VFORK|0x100000000|SIGCHLD")]
    [InlineData(X64Syscall.unshare, new[] { "0x10020000" }, "flags=CLONE_NEWNS|CLONE_NEWUSER")]
    [InlineData(X64Syscall.unshare, new[] { "0x80" }, "flags=CLONE_NEWTIME")]
    [InlineData(X64Syscall.setns, new[] { "3", "0x40000000" }, "fd=3 nstype=CLONE_NEWNET")]
    [InlineData(X64Syscall.wait4, new[] { "-1", "0x1000", "0x40000001", "0" }, "pid=-1 options=WNOHANG|__WALL")]
    [InlineData(X64Syscall.wait4, new[] { "42", "0", "2", "0" }, "pid=42 options=WUNTRACED")]
    [InlineData(X64Syscall.waitid, new[] { "1", "42", "0x1000", "6" }, "idtype=P_PID id=42 options=WSTOPPED|WEXITED")]
    [InlineData(X64Syscall.setresuid, new[] { "1000", "1000", "-1" }, "ruid=1000 euid=1000 suid=-1")]
    [InlineData(X64Syscall.setgid, new[] { "65534" }, "gid=65534")]
    [InlineData(X64Syscall.setpgid, new[] { "0", "0" }, "pid=0 pgid=0")]
    [InlineData(X64Syscall.prlimit64, new[] { "0", "7", "0x1000", "0" }, "pid=0 resource=RLIMIT_NOFILE")]
    [InlineData(X64Syscall.setrlimit, new[] { "4", "0x1000" }, "resource=RLIMIT_CORE")]
    [InlineData(X64Syscall.sched_setscheduler, new[] { "0", "0x40000001", "0x1000" }, "pid=0 policy=SCHED_FIFO|SCHED_RESET_ON_FORK")]
    [InlineData(X64Syscall.ptrace, new[] { "0" }, "request=PTRACE_TRACEME pid=0")]
    [InlineData(X64Syscall.ptrace, new[] { "0x4206", "55", "0", "0x100001" }, "request=PTRACE_SEIZE pid=55 data=PTRACE_O_TRACESYSGOOD|PTRACE_O_EXITKILL")]
    [InlineData(X64Syscall.ptrace, new[] { "2", "55", "0x7ffd0000", "0" }, "request=PTRACE_PEEKDATA pid=55 addr=0x7ffd0000")]
    [InlineData(X64Syscall.ptrace, new[] { "7", "55", "0", "19" }, "request=PTRACE_CONT pid=55 data=SIGSTOP")]
    [InlineData(X64Syscall.ptrace, new[] { "16", "55", "0", "0" }, "request=PTRACE_ATTACH pid=55")]
    [InlineData(X64Syscall.process_vm_readv, new[] { "77", "0x1000", "1", "0x2000", "2", "0" }, "pid=77 liovcnt=1 riovcnt=2")]
    [InlineData(X64Syscall.pidfd_open, new[] { "42", "0x800" }, "pid=42 flags=PIDFD_NONBLOCK")]
    [InlineData(X64Syscall.prctl, new[] { "38", "1", "0", "0", "0" }, "option=PR_SET_NO_NEW_PRIVS value=1")]
    [InlineData(X64Syscall.prctl, new[] { "24", "21" }, "option=PR_CAPBSET_DROP cap=CAP_SYS_ADMIN")]
    [InlineData(X64Syscall.prctl, new[] { "22", "2", "0x1000" }, "option=PR_SET_SECCOMP mode=SECCOMP_MODE_FILTER")]
    [InlineData(X64Syscall.prctl, new[] { "1", "9" }, "option=PR_SET_PDEATHSIG signal=SIGKILL")]
    [InlineData(X64Syscall.prctl, new[] { "4", "0" }, "option=PR_SET_DUMPABLE value=0")]
    [InlineData(X64Syscall.prctl, new[] { "3" }, "option=PR_GET_DUMPABLE")]
    [InlineData(X64Syscall.prctl, new[] { "47", "2", "12" }, "option=PR_CAP_AMBIENT op=PR_CAP_AMBIENT_RAISE cap=CAP_NET_ADMIN")]
    [InlineData(X64Syscall.prctl, new[] { "47", "4" }, "option=PR_CAP_AMBIENT op=PR_CAP_AMBIENT_CLEAR_ALL")]
    [InlineData(X64Syscall.prctl, new[] { "0x59616d61", "-1" }, "option=PR_SET_PTRACER pid=-1")]
    [InlineData(X64Syscall.prctl, new[] { "0x1234" }, "option=0x1234")]
    [InlineData(X64Syscall.seccomp, new[] { "1", "1", "0x1000" }, "operation=SECCOMP_SET_MODE_FILTER flags=SECCOMP_FILTER_FLAG_TSYNC")]
    [InlineData(X64Syscall.arch_prctl, new[] { "0x1002", "0x7f0000001000" }, "code=ARCH_SET_FS addr=0x7f0000001000")]
    [InlineData(X64Syscall.personality, new[] { "0x40000" }, "persona=PER_LINUX|ADDR_NO_RANDOMIZE")]
    [InlineData(X64Syscall.personality, new[] { "0xffffffff" }, "persona=0xffffffff")]
    [InlineData(X64Syscall.futex, new[] { "0x7f00", "0x80", "2" }, "uaddr=0x7f00 op=FUTEX_WAIT|FUTEX_PRIVATE_FLAG val=2")]
    [InlineData(X64Syscall.futex, new[] { "0x7f00", "0x189", "0" }, "uaddr=0x7f00 op=FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG|FUTEX_CLOCK_REALTIME val=0")]
    [InlineData(X64Syscall.futex, new[] { "0x7f00", "1", "2147483647" }, "uaddr=0x7f00 op=FUTEX_WAKE val=2147483647")]
    [InlineData(X64Syscall.clock_gettime, new[] { "1", "0x1000" }, "clockid=CLOCK_MONOTONIC")]
    [InlineData(X64Syscall.clock_nanosleep, new[] { "0", "1", "0x1000", "0" }, "clockid=CLOCK_REALTIME flags=1")]
    [InlineData(X64Syscall.getrandom, new[] { "0x1000", "32", "1" }, "buflen=32 flags=GRND_NONBLOCK")]
    [InlineData(X64Syscall.reboot, new[] { "0xfee1dead", "0x28121969", "0x4321fedc", "0" }, "cmd=LINUX_REBOOT_CMD_POWER_OFF")]
    [InlineData(X64Syscall.bpf, new[] { "5", "0x1000", "128" }, "cmd=BPF_PROG_LOAD size=128")]
    [InlineData(X64Syscall.keyctl, new[] { "0", "-3" }, "operation=KEYCTL_GET_KEYRING_ID")]
    [InlineData(X64Syscall.finit_module, new[] { "3", "@", "2" }, "fd=3 params=\"\" flags=MODULE_INIT_IGNORE_VERMAGIC")]
    [InlineData(X64Syscall.delete_module, new[] { "@dummy", "0x800" }, "name=\"dummy\" flags=O_NONBLOCK")]
    [InlineData(X64Syscall.perf_event_open, new[] { "0x1000", "0", "-1", "-1", "8" }, "pid=0 cpu=-1 group_fd=-1 flags=PERF_FLAG_FD_CLOEXEC")]
    [InlineData(X64Syscall.io_uring_setup, new[] { "256", "0x1000" }, "entries=256")]
    [InlineData(X64Syscall.landlock_restrict_self, new[] { "5", "0" }, "ruleset_fd=5 flags=0")]
    public void Decodes_process_and_system_syscalls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }

    [Theory]
    [InlineData(X64Syscall.kill, new[] { "123", "9" }, "pid=123 signal=SIGKILL")]
    [InlineData(X64Syscall.kill, new[] { "-1", "15" }, "pid=-1 signal=SIGTERM")]
    [InlineData(X64Syscall.kill, new[] { "123", "0" }, "pid=123 signal=0")]
    [InlineData(X64Syscall.tkill, new[] { "9", "6" }, "tid=9 signal=SIGABRT")]
    [InlineData(X64Syscall.tgkill, new[] { "100", "101", "34" }, "tgid=100 tid=101 signal=SIGRTMIN")]
    [InlineData(X64Syscall.pidfd_send_signal, new[] { "4", "10", "0", "0" }, "pidfd=4 signal=SIGUSR1")]
    [InlineData(X64Syscall.rt_sigaction, new[] { "17", "0", "0x1000", "8" }, "signal=SIGCHLD")]
    [InlineData(X64Syscall.rt_sigprocmask, new[] { "2", "0", "0x1000", "8" }, "how=SIG_SETMASK")]
    [InlineData(X64Syscall.rt_sigreturn, new string[0], "")]
    public void Decodes_signal_syscalls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }

    [Fact]
    public void Exit_group_is_decoded_although_it_never_returns()
    {
        Assert.Equal("status=3", _h.NoReturn(X64Syscall.exit_group, 3));
        Assert.Equal("status=-1", _h.NoReturn(X64Syscall.exit, 0xffffffff));
    }

    [Fact]
    public void Clone3_reads_struct_clone_args()
    {
        var args = new byte[88];
        BinaryPrimitives.WriteUInt64LittleEndian(args, 0x20001000);        // CLONE_PIDFD|CLONE_NEWPID
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(32), 17);    // exit_signal = SIGCHLD
        Assert.Equal("flags=CLONE_PIDFD|CLONE_NEWPID exit_signal=SIGCHLD size=88", _h.Call(X64Syscall.clone3, _h.Memory.Put(args), 88));

        var thread = new byte[88];
        BinaryPrimitives.WriteUInt64LittleEndian(thread, 0x200000000 | 0x80 | 0x100);   // CLONE_INTO_CGROUP|CLONE_NEWTIME|CLONE_VM
        Assert.Equal("flags=CLONE_NEWTIME|CLONE_VM|CLONE_INTO_CGROUP size=88", _h.Call(X64Syscall.clone3, _h.Memory.Put(thread), 88));

        Assert.Equal("cl_args=0xbad000 size=88", _h.Call(X64Syscall.clone3, 0xbad000, 88));
    }

    [Fact]
    public void Prctl_set_name_reads_at_most_the_task_name_size()
    {
        Assert.Equal("option=PR_SET_NAME name=\"worker\"", _h.Call(X64Syscall.prctl, 15, _h.Memory.PutString("worker")));
        Assert.Equal("option=PR_SET_NAME name=\"a-very-long-thre\"…", _h.Call(X64Syscall.prctl, 15, _h.Memory.PutString("a-very-long-thread-name")));
    }

    [Fact]
    public void Sethostname_uses_the_given_length()
    {
        ulong name = _h.Memory.Put("sandboxXYZ"u8.ToArray());
        Assert.Equal("name=\"sandbox\"", _h.Call(X64Syscall.sethostname, name, 7));
    }

    [Fact]
    public void Rt_sigaction_reads_the_new_action()
    {
        var act = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(act, 0x401000);                     // handler
        BinaryPrimitives.WriteUInt64LittleEndian(act.AsSpan(8), 0x14000000);         // SA_RESTORER|SA_RESTART
        BinaryPrimitives.WriteUInt64LittleEndian(act.AsSpan(24), 1UL << (15 - 1));  // mask: SIGTERM
        Assert.Equal("signal=SIGINT handler=0x401000 flags=SA_RESTORER|SA_RESTART mask=[SIGTERM]",
            _h.Call(X64Syscall.rt_sigaction, 2, _h.Memory.Put(act), 0, 8));

        var ignore = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(ignore, 1);
        Assert.Equal("signal=SIGPIPE handler=SIG_IGN flags=0 mask=[]", _h.Call(X64Syscall.rt_sigaction, 13, _h.Memory.Put(ignore), 0, 8));
        Assert.Equal("signal=SIGPIPE act=0xbad000", _h.Call(X64Syscall.rt_sigaction, 13, 0xbad000, 0, 8));
    }

    [Fact]
    public void Rt_sigprocmask_shows_the_set()
    {
        var set = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(set, (1UL << 1) | (1UL << 16));   // SIGINT, SIGCHLD
        Assert.Equal("how=SIG_BLOCK set=[SIGINT SIGCHLD]", _h.Call(X64Syscall.rt_sigprocmask, 0, _h.Memory.Put(set), 0, 8));

        BinaryPrimitives.WriteUInt64LittleEndian(set, ~0UL);
        Assert.Equal("how=SIG_SETMASK set=~[]", _h.Call(X64Syscall.rt_sigprocmask, 2, _h.Memory.Put(set), 0, 8));

        BinaryPrimitives.WriteUInt64LittleEndian(set, ~((1UL << 8) | (1UL << 18)));   // all but SIGKILL, SIGSTOP
        Assert.Equal("how=SIG_UNBLOCK set=~[SIGKILL SIGSTOP]", _h.Call(X64Syscall.rt_sigprocmask, 1, _h.Memory.Put(set), 0, 8));

        BinaryPrimitives.WriteUInt64LittleEndian(set, (1UL << 32) | (1UL << 63));     // 33 and 64
        Assert.Equal("how=SIG_BLOCK set=[SIGRTMIN-1 SIGRTMAX]", _h.Call(X64Syscall.rt_sigprocmask, 0, _h.Memory.Put(set), 0, 8));
    }
}
