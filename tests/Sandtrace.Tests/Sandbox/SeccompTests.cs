using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>Layer 7: the filter libseccomp generates, what it says about itself, and what the kernel enforces.</summary>
public class SeccompTests
{
    static readonly string[] SpecBlocked =
        ["kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "init_module", "finit_module", "delete_module", "acct", "pivot_root"];

    const uint RetAllow = SeccompAbi.SECCOMP_RET_ALLOW, RetKill = SeccompAbi.SECCOMP_RET_KILL_PROCESS;
    const uint RetEperm = SeccompAbi.SECCOMP_RET_ERRNO | SeccompAbi.EPERM, RetEnosys = SeccompAbi.SECCOMP_RET_ERRNO | SeccompAbi.ENOSYS;

    static int Nr(string name) => SyscallTable.NumberX64(name);

    [Fact]
    public void DefaultDeniedHoldsTheSpecListAndOnlyRealX64Names()
    {
        Assert.Empty(SpecBlocked.Except(Seccomp.DefaultDenied));
        Assert.All(Seccomp.DefaultDenied, n => Assert.True(Nr(n) >= 0, $"{n} is not an x86_64 syscall"));
        Assert.Equal(Seccomp.DefaultDenied.Count, Seccomp.DefaultDenied.Distinct().Count());
        Assert.Contains("io_uring_setup", Seccomp.DefaultDenied);
        Assert.DoesNotContain("kcmp", Seccomp.DefaultDenied); // decided: allowed, see Seccomp.cs
    }

    [Fact]
    public void BuildProducesAnX64ProgramThatStartsWithTheArchCheck()
    {
        var f = Seccomp.Build([]);
        Assert.Equal(Seccomp.DefaultDenied, f.DeniedNames);
        Assert.InRange(f.Instructions.Length, 4, SeccompAbi.BPF_MAXINSNS - 1);
        var first = SockFilter.FromRaw(f.Instructions[0]);
        Assert.Equal(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, first.Code);
        Assert.Equal(4u, first.K);
        var last = SockFilter.FromRaw(f.Instructions[^1]);
        Assert.Equal(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, last.Code);
        Assert.Null(SeccompSelfCheck.Problem(f));
    }

    [Theory]
    [InlineData("mountt")]
    [InlineData("socketcall")] // i386 only
    [InlineData("")]
    public void UnknownNamesAreRejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Seccomp.Build(["getcwd", name]));
        if (name.Length > 0) Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void DeniedNumbersAndArgumentRulesAreAttributable()
    {
        var f = Seccomp.Build(["getcwd", "reboot"]); // reboot is a default: counted once
        Assert.Equal(1, f.PolicyDeniedCount);
        Assert.Equal(Seccomp.DefaultDenied.Count + 1, f.DeniedNames.Count);
        Assert.True(f.IsDenied(Nr("getcwd")));
        Assert.True(f.IsDenied(Nr("reboot")));
        Assert.True(f.IsDenied(0x1_0000_0000L | (uint)Nr("bpf"))); // the kernel only sees the low 32 bits
        Assert.False(f.IsDenied(Nr("getpid")));
        Assert.False(f.IsDenied(SyscallTable.X32SyscallBit | Nr("reboot"))); // x32: killed, not denied
        Assert.False(f.IsDenied(Nr("ioctl")));

        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("ioctl"), [0, 0xdead_beef_0000_5412]));
        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("ioctl"), [0, SeccompAbi.TIOCLINUX]));
        Assert.Equal(0, f.ErrnoFor(Nr("ioctl"), [0, 0x541B]));
        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("clone"), [0x1000_0000 | 17]));
        Assert.Equal(0, f.ErrnoFor(Nr("clone"), [0x0120_0011])); // fork-like clone
        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("unshare"), [0x1002_0000]));
        Assert.Equal(0, f.ErrnoFor(Nr("unshare"), [0x0002_0000]));
        Assert.Equal(SeccompAbi.ENOSYS, f.ErrnoFor(Nr("clone3"), []));
        Assert.Equal(0, f.ErrnoFor(Nr("getpid"), []));
    }

    [Fact]
    public void APolicyDenyOverridesAnArgumentRule()
    {
        var f = Seccomp.Build(["clone3", "ioctl"]);
        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("clone3"), []));
        Assert.Equal(SeccompAbi.EPERM, f.ErrnoFor(Nr("ioctl"), [0, 0x541B]));
        Assert.DoesNotContain(f.ArgumentRules, r => r.Syscall is "clone3" or "ioctl");
        Assert.Equal(RetEperm, SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, Nr("clone3"), []));
        Assert.Equal(RetEperm, SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, Nr("ioctl"), [0, 0x541B]));
    }

    [Fact]
    public void TheGeneratedProgramKillsOtherAbisAndFiltersTheRest()
    {
        var f = Seccomp.Build([]);
        uint X64(string name, params ulong[] args) => SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, Nr(name), args);
        Assert.Equal(RetEperm, X64("reboot"));
        Assert.Equal(RetEperm, X64("open_tree_attr")); // newer than libseccomp 2.5.4: added by number
        Assert.Equal(RetAllow, X64("getpid"));
        Assert.Equal(RetAllow, X64("kcmp"));
        Assert.Equal(RetEperm, X64("ioctl", 1, 0xffff_ffff_0000_5412));
        Assert.Equal(RetAllow, X64("ioctl", 1, 0x5413));
        Assert.Equal(RetEperm, X64("clone", 0xffff_ffff_ffff_ffff));
        Assert.Equal(RetEnosys, X64("clone3"));
        Assert.Equal(RetKill, SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchI386, 20, [])); // i386 getpid
        Assert.Equal(RetKill, SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, SyscallTable.X32SyscallBit | 39, []));
        Assert.Equal(RetKill, SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, SyscallTable.X32SyscallBit | 520, [])); // x32 execve
        Assert.Equal(RetKill, SeccompBpf.Run(f.Instructions, 0, 39, []));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheSecurityDepthStopsOnStatOfAPathButNotOnItsDescriptorFormNorOnReadlink(bool enforcing)
    {
        var mode = enforcing ? SeccompMode.EnforceThroughTracer : SeccompMode.TraceOnly;
        var f = Seccomp.Build([], mode);
        uint X64(string name, params ulong[] args) => SeccompBpf.Run(f.Instructions, SyscallTable.AuditArchX86_64, Nr(name), args);
        const uint RetTrace = SeccompAbi.SECCOMP_RET_TRACE;
        Assert.Equal(RetTrace, X64("newfstatat", 0xffff_ff9c, 1, 2, 0x100));       // AT_SYMLINK_NOFOLLOW, a path
        Assert.Equal(RetAllow, X64("newfstatat", 3, 1, 2, 0x1000));                 // fstat(3)
        Assert.Equal(RetAllow, X64("newfstatat", 3, 1, 2, 0x1100));
        Assert.Equal(RetTrace, X64("statx", 0xffff_ff9c, 1, 0x800, 0x7ff, 5));
        Assert.Equal(RetAllow, X64("statx", 3, 1, 0x1000, 0x7ff, 5));
        Assert.Equal(RetAllow, X64("readlink", 1, 2, 3));
        Assert.Equal(RetAllow, X64("readlinkat", 0xffff_ff9c, 1, 2, 3));
        Assert.Equal(RetTrace, X64("openat", 0xffff_ff9c, 1, 0));
        Assert.Equal(RetTrace, X64("stat", 1, 2));
        Assert.False(f.ExpectedAction(Nr("newfstatat"), [3, 1, 2, 0x1000]) == RetTrace);
        Assert.Null(SeccompSelfCheck.Problem(f));

        // A log_only name stops in every form.
        var logged = Seccomp.Build([], mode, ["newfstatat", "readlink"]);
        Assert.Equal(RetTrace, SeccompBpf.Run(logged.Instructions, SyscallTable.AuditArchX86_64, Nr("newfstatat"), [3, 1, 2, 0x1000]));
        Assert.Equal(RetTrace, SeccompBpf.Run(logged.Instructions, SyscallTable.AuditArchX86_64, Nr("readlink"), [1, 2, 3]));
    }

    [Fact]
    public void TheSelfCheckCatchesAFilterThatLetsX32Through()
    {
        // ld arch; jeq x86_64 ? allow : kill — right for i386, wrong for x32 numbers.
        ulong[] naive =
        [
            new SockFilter(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 0, 0, 4).ToRaw(),
            new SockFilter(SeccompAbi.BPF_JMP | SeccompAbi.BPF_JEQ | SeccompAbi.BPF_K, 0, 1, SyscallTable.AuditArchX86_64).ToRaw(),
            new SockFilter(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0, 0, RetAllow).ToRaw(),
            new SockFilter(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0, 0, RetKill).ToRaw(),
        ];
        var f = new SeccompFilter(naive, [], [], [], 0);
        Assert.Contains("x32", SeccompSelfCheck.Problem(f));
        // A real program, but a filter claiming to deny more than the program does.
        var real = Seccomp.Build([]);
        var claims = new SeccompFilter(real.Instructions.ToArray(), ["getpid"], [Nr("getpid")], real.ArgumentRules, 0);
        Assert.Contains("x86_64 getpid", SeccompSelfCheck.Problem(claims));
    }

    [Fact]
    public void OnlyAVerifiedFilterCanBeInstalled()
    {
        // Generated (by the tracer thread during planning) but not yet checked: no child step may carry it.
        var generated = Seccomp.Generate([]);
        Assert.False(generated.Verified);
        using var arena = new UnmanagedArena();
        var program = new ChildProgram(arena, capacity: 4);
        Assert.Throws<InvalidOperationException>(() => Seccomp.AddStep(program, generated));
        Assert.Equal(0, program.Count);
        Assert.Same(generated, Seccomp.Verify(generated));
        Seccomp.AddStep(program, generated);
        Assert.Equal(1, program.Count);
        // A program that fails the check is refused by Verify and stays uninstallable.
        var claims = new SeccompFilter(generated.Instructions.ToArray(), ["getpid"], [Nr("getpid")], generated.ArgumentRules, 0);
        var e = Assert.Throws<SandboxError>(() => Seccomp.Verify(claims));
        Assert.Contains("x86_64 getpid", e.Message);
        Assert.False(claims.Verified);
        Assert.Throws<InvalidOperationException>(() => Seccomp.AddStep(program, claims));
    }

    [Fact]
    public unsafe void SockFilterIsTheKernelsEightByteLayout()
    {
        // The interpreter views the raw program as SockFilters without decoding each instruction.
        Assert.Equal(8, sizeof(SockFilter));
        var raw = Seccomp.Build([]).Instructions;
        var view = System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, SockFilter>(raw);
        for (int i = 0; i < raw.Length; i++)
            Assert.Equal(SockFilter.FromRaw(raw[i]).ToRaw(), view[i].ToRaw());
        Assert.Equal(raw[0], new SockFilter(view[0].Code, view[0].Jt, view[0].Jf, view[0].K).ToRaw());
    }

    [Fact]
    public void TheInterpreterFollowsClassicBpf()
    {
        static ulong I(int code, uint k, byte jt = 0, byte jf = 0) => new SockFilter((ushort)code, jt, jf, k).ToRaw();
        ulong[] p =
        [
            I(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 20),          // A = args[0] high half
            I(SeccompAbi.BPF_ST, 3),                                                    // M[3] = A
            I(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 16),          // A = args[0] low half
            I(SeccompAbi.BPF_ALU | SeccompAbi.BPF_AND | SeccompAbi.BPF_K, 0xff),
            I(SeccompAbi.BPF_MISC | SeccompAbi.BPF_TAX, 0),                            // X = A
            I(SeccompAbi.BPF_LDX | SeccompAbi.BPF_MEM, 3),                             // X = M[3]
            I(SeccompAbi.BPF_ALU | SeccompAbi.BPF_ADD | SeccompAbi.BPF_X, 0),          // A += X
            I(SeccompAbi.BPF_JMP | SeccompAbi.BPF_JSET | SeccompAbi.BPF_K, 0x100, 0, 1),
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0x7fff_0001),
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_A, 0),
        ];
        Assert.Equal(0x12u + 0x5u, SeccompBpf.Run(p, 0, 0, [0x5_0000_1012]));
        Assert.Equal(0x7fff_0001u, SeccompBpf.Run(p, 0, 0, [0xff_0000_0001])); // 0xff + 1 = 0x100: JSET taken
        Assert.Throws<InvalidDataException>(() => SeccompBpf.Run([I(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 64)], 0, 0, []));
        Assert.Throws<InvalidDataException>(() => SeccompBpf.Run([I(SeccompAbi.BPF_LD | SeccompAbi.BPF_IMM, 1)], 0, 0, []));
        Assert.Equal(0u, SeccompBpf.Run([I(SeccompAbi.BPF_ALU | SeccompAbi.BPF_DIV | SeccompAbi.BPF_X, 0), I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 5)], 0, 0, []));
    }

    [Theory]
    [InlineData(SeccompAbi.BPF_JEQ, 7u, 7u, true)]
    [InlineData(SeccompAbi.BPF_JEQ, 7u, 8u, false)]
    [InlineData(SeccompAbi.BPF_JGT, 8u, 7u, true)]
    [InlineData(SeccompAbi.BPF_JGT, 7u, 7u, false)]
    [InlineData(SeccompAbi.BPF_JGE, 7u, 7u, true)]
    [InlineData(SeccompAbi.BPF_JGE, 6u, 7u, false)]
    [InlineData(SeccompAbi.BPF_JGE, 0xffff_ffffu, 0x8000_0000u, true)]   // unsigned, as the kernel compares
    [InlineData(SeccompAbi.BPF_JSET, 0x13u, 0x10u, true)]
    [InlineData(SeccompAbi.BPF_JSET, 0x13u, 0x0cu, false)]
    public void ConditionalJumpsOnAConstantAndOnXAgree(int op, uint nr, uint operand, bool taken)
    {
        // The constant forms take a shortcut in the interpreter (they are most of every program); the X forms do not.
        static ulong I(int code, uint k, byte jt = 0, byte jf = 0) => new SockFilter((ushort)code, jt, jf, k).ToRaw();
        ulong[] onK =
        [
            I(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 0),            // A = nr
            I(SeccompAbi.BPF_JMP | op | SeccompAbi.BPF_K, operand, 1, 0),
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0xaaaa),                           // not taken
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0xbbbb),                           // taken
        ];
        ulong[] onX =
        [
            I(SeccompAbi.BPF_LDX | SeccompAbi.BPF_IMM, operand),
            I(SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS, 0),
            I(SeccompAbi.BPF_JMP | op | SeccompAbi.BPF_X, 0, 1, 0),
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0xaaaa),
            I(SeccompAbi.BPF_RET | SeccompAbi.BPF_K, 0xbbbb),
        ];
        uint want = taken ? 0xbbbbu : 0xaaaau;
        Assert.Equal(want, SeccompBpf.Run(onK, 0, unchecked((int)nr), []));
        Assert.Equal(want, SeccompBpf.Run(onX, 0, unchecked((int)nr), []));
    }

    [Fact]
    public void AFilterRefusesNumbersThatAreNotX64Syscalls()
    {
        // The filter's lookups are arrays indexed by number: a number past any table is a caller's bug, not a size.
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeccompFilter([], ["x"], [0x4000_0000], [], 0));
        var f = new SeccompFilter([], ["getpid"], [Nr("getpid")], [], 0);
        Assert.True(f.IsDenied(Nr("getpid")));
        Assert.False(f.IsDenied(-1));
        Assert.False(f.IsDenied(Nr("getpid") + 1000));
    }

    [Fact]
    public unsafe void InstallArgumentIsASockFprogOverACopyOfTheProgram()
    {
        var f = Seccomp.Build([]);
        using var arena = new UnmanagedArena();
        var prog = (SockFprog*)f.InstallArgument(arena);
        Assert.Equal(16, sizeof(SockFprog));
        Assert.Equal(f.Instructions.Length, prog->Len);
        Assert.True(new ReadOnlySpan<ulong>((void*)prog->Filter, prog->Len).SequenceEqual(f.Instructions));
    }

    [Fact]
    public void StatusCountsTheDeniedCalls()
    {
        var s = Seccomp.Status(Seccomp.Build(["getcwd"]));
        Assert.Equal(7, s.Number);
        Assert.Equal("seccomp-bpf", s.Name);
        Assert.True(s.Active);
        int containment = Seccomp.DefaultDenied.Count - SpecBlocked.Length;
        Assert.StartsWith($"{Seccomp.DefaultDenied.Count + 1} syscalls return EPERM (10 always blocked, {containment} containment, 1 from the policy)", s.Detail);
        Assert.Contains("ioctl(TIOCSTI)", s.Detail);
        Assert.Contains("clone3 ENOSYS", s.Detail);
        Assert.EndsWith("other ABIs (i386, x32) killed", s.Detail);
    }

    // ---- enforcement by the real kernel ----

    [Fact]
    public void TheKernelEnforcesTheFilter()
    {
        Assert.True(File.Exists(SeccompProbe.Python), $"{SeccompProbe.Python} is needed for the enforcement test");
        var o = SeccompProbe.Run(Seccomp.Build([]), "probe");
        Assert.True(o.ExitCode == 0, o.ToString());
        var r = o.Results;
        foreach (var name in new[] { "reboot", "kexec_load", "bpf", "io_uring_setup", "mount", "ptrace", "ioctl_tiocsti",
                     "ioctl_tiocsti_high_bits", "ioctl_tioclinux", "clone_newuser", "unshare_newuser" })
            Assert.True(r[name] == "EPERM", $"{name}: {r[name]}\n{o}");
        Assert.Equal("ENOSYS", r["clone3"]);
        foreach (var name in new[] { "getpid", "getcwd", "ioctl_fionread", "fork", "thread" })
            Assert.True(r[name] == "ok", $"{name}: {r[name]}\n{o}");
    }

    [Fact]
    public void WithoutTheFilterTheSameProbesFailDifferently()
    {
        // The control run: the EPERMs above come from the filter, not from the machine.
        var o = SeccompProbe.Run(null, "probe");
        Assert.True(o.ExitCode == 0, o.ToString());
        var r = o.Results;
        Assert.Equal("ENOTTY", r["ioctl_tiocsti"]);
        Assert.Equal("ENOTTY", r["ioctl_tiocsti_high_bits"]);
        Assert.Equal("EINVAL", r["clone_newuser"]);
        Assert.Equal("EINVAL", r["clone3"]);
    }

    [Fact]
    public void APolicyDenyIsEnforced()
    {
        var o = SeccompProbe.Run(Seccomp.Build(["getcwd"]), "probe");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("EPERM", o.Results["getcwd"]);
        Assert.Equal("ok", o.Results["getpid"]);
    }

    [Fact]
    public void AnX32SyscallKillsTheProcess()
    {
        var o = SeccompProbe.Run(Seccomp.Build([]), "x32");
        Assert.True(o.ExitCode == 128 + SeccompProbe.SigSys, o.ToString());
        Assert.DoesNotContain("survived", o.Stdout);
        // Unfiltered, the same call returns (x32 getpid, or ENOSYS on a kernel without x32).
        Assert.Equal(0, SeccompProbe.Run(null, "x32").ExitCode);
    }

    [Fact]
    public void AnI386SyscallKillsTheProcess()
    {
        var control = SeccompProbe.Run(null, "i386");
        if (control.ExitCode != 0 || control.Results["survived"] != "ok")
            return; // no IA32 emulation on this kernel: int 0x80 faults before seccomp sees it, nothing to bypass
        var o = SeccompProbe.Run(Seccomp.Build([]), "i386");
        Assert.True(o.ExitCode == 128 + SeccompProbe.SigSys, o.ToString());
        Assert.DoesNotContain("survived", o.Stdout);
    }
}
