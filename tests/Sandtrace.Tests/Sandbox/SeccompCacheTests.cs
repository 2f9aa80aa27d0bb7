using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// Since Linux 5.11 the kernel keeps, per filter, a bitmap of the syscalls the filter allows whatever their arguments,
/// and lets those through without running it. It fills the bitmap by emulating the program for each number with only
/// the number and the architecture known (kernel/seccomp.c, seccomp_is_const_allow): a load of anything else (an
/// argument, the instruction pointer) or an instruction outside a small set makes the syscall uncached. That is why
/// dd's 400k reads and writes under `--trace=security` cost no more than the seccomp check at their entry (README,
/// Benchmarks); a generator change that loaded an argument before dispatching on the number would run the whole
/// program on every call of every sandboxed process.
/// </summary>
public class SeccompCacheTests
{
    const uint ArchX86_64 = SyscallTable.AuditArchX86_64;

    /// <summary>The kernel's emulation, instruction by instruction (BPF opcodes as in linux/bpf_common.h).</summary>
    static bool KernelCachesAsAllowed(ReadOnlySpan<ulong> program, uint nr)
    {
        uint reg = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            ulong insn = program[pc];
            ushort code = (ushort)insn;
            byte jt = (byte)(insn >> 16), jf = (byte)(insn >> 24);
            uint k = (uint)(insn >> 32);
            switch (code)
            {
                case 0x20:   // BPF_LD | BPF_W | BPF_ABS
                    if (k == 0) reg = nr;          // offsetof(struct seccomp_data, nr)
                    else if (k == 4) reg = ArchX86_64;   // offsetof(struct seccomp_data, arch)
                    else return false;             // an argument or the instruction pointer: not constant
                    break;
                case 0x06:   // BPF_RET | BPF_K
                    return k == SeccompAbi.SECCOMP_RET_ALLOW;
                case 0x05:   // BPF_JMP | BPF_JA
                    pc += (int)k;
                    break;
                case 0x15: pc += reg == k ? jt : jf; break;           // BPF_JEQ | BPF_K
                case 0x35: pc += reg >= k ? jt : jf; break;           // BPF_JGE | BPF_K
                case 0x25: pc += reg > k ? jt : jf; break;            // BPF_JGT | BPF_K
                case 0x45: pc += (reg & k) != 0 ? jt : jf; break;     // BPF_JSET | BPF_K
                case 0x54: reg &= k; break;                           // BPF_ALU | BPF_AND | BPF_K
                default: return false;
            }
        }
        return false;   // ran off the end (the kernel warns)
    }

    /// <summary>What the filter's own description says (<see cref="SeccompFilter.ExpectedAction"/>): allowed whatever
    /// the arguments. A tracing-only filter denies nothing.</summary>
    static bool AlwaysAllowed(SeccompFilter f, int nr, string name) =>
        !f.IsTraced(nr)
        && (f.Mode == SeccompMode.TraceOnly || (!f.IsDenied(nr) && !f.ArgumentRules.Any(r => r.Syscall == name)));

    static void AssertCachedExactlyWhereAlwaysAllowed(SeccompFilter f)
    {
        int cached = 0;
        foreach (string name in SyscallTable.NamesX64)
        {
            int nr = SyscallTable.NumberX64(name);
            bool expected = AlwaysAllowed(f, nr, name);
            bool actual = KernelCachesAsAllowed(f.Instructions, (uint)nr);
            Assert.True(expected == actual,
                $"{f.Mode}: {name} ({nr}) is {(expected ? "" : "not ")}always allowed by the filter's description, but the kernel " +
                $"would {(actual ? "" : "not ")}cache it as allowed");
            if (actual) cached++;
        }
        // Most of the 383 x86_64 syscalls (271 under the default --trace=security filter): the check above must not hold
        // vacuously.
        Assert.True(cached > 250, $"{f.Mode}: only {cached} syscalls cached as allowed");
    }

    [Theory]
    [MemberData(nameof(SeccompPrecompiledTests.KeyIndexes), MemberType = typeof(SeccompPrecompiledTests))]
    public void Every_built_in_program_lets_the_kernel_cache_each_call_it_always_allows(int index)
    {
        var key = SeccompPrecompiled.Keys[index];
        var f = Seccomp.Generate(key.Deny, key.Mode, key.LogOnly);
        Assert.True(f.Precompiled);
        AssertCachedExactlyWhereAlwaysAllowed(f);
        foreach (string hot in new[] { "read", "write", "close", "mmap", "futex", "lseek" })
            Assert.True(KernelCachesAsAllowed(f.Instructions, (uint)SyscallTable.NumberX64(hot)), $"{key}: {hot} is not cached");
    }

    [Theory]
    [InlineData(new[] { "chmod" }, new string[0], (int)SeccompMode.Enforce)]
    [InlineData(new[] { "fchmod" }, new[] { "chmod" }, (int)SeccompMode.EnforceThroughTracer)]
    [InlineData(new string[0], new[] { "uname" }, (int)SeccompMode.TraceOnly)]
    public void A_program_libseccomp_generates_at_run_time_does_too(string[] deny, string[] logOnly, int mode)
    {
        var f = Seccomp.Generate(deny, (SeccompMode)mode, logOnly);
        Assert.False(f.Precompiled);
        AssertCachedExactlyWhereAlwaysAllowed(f);
    }

    [Fact]
    public void The_emulation_refuses_what_the_kernel_refuses()
    {
        var f = Seccomp.Generate([], SeccompMode.EnforceThroughTracer, []);
        // Traced, denied, and decided by an argument (ioctl's request): none is cached as allowed.
        foreach (string name in new[] { "openat", "execve", "mount", "ioctl", "clone" })
            Assert.False(KernelCachesAsAllowed(f.Instructions, (uint)SyscallTable.NumberX64(name)), name);
        // A program that loads an argument before it answers is never cached, even though it allows everything.
        ulong[] loadsAnArgument = [0x0000001000000020UL, 0x7fff000000000006UL];
        Assert.False(KernelCachesAsAllowed(loadsAnArgument, 0));
        ulong[] allowsAll = [0x0000000000000020UL, 0x7fff000000000006UL];
        Assert.True(KernelCachesAsAllowed(allowsAll, 0));
    }
}
