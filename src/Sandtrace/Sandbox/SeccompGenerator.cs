using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sandtrace.Native;
using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// Drives libseccomp to turn the deny list and argument rules into a classic BPF program, exported into a memfd
/// and read back: sandtrace never calls seccomp_load (it would filter sandtrace itself); the child installs the
/// bytes.
/// </summary>
internal static unsafe class SeccompGenerator
{
    public static ulong[] Generate(LibSeccompApi api, IReadOnlyList<string> denied, IReadOnlyList<SeccompRule> rules,
        SeccompMode mode = SeccompMode.Enforce, IReadOnlyCollection<int>? traced = null, IReadOnlyList<TraceSkip>? skips = null)
    {
        // The filter speaks x86_64 numbers (sandtrace's tables, the tracer's attribution); a libseccomp built for
        // another native arch would emit a filter for the wrong ABI.
        uint native = api.ArchNative();
        if (native != LibSeccomp.SCMP_ARCH_X86_64)
            throw Fail($"libseccomp's native architecture is 0x{native:x8}, sandtrace filters x86_64 (0x{LibSeccomp.SCMP_ARCH_X86_64:x8}) only");

        nint ctx = api.Init(LibSeccomp.SCMP_ACT_ALLOW);
        if (ctx == 0) throw Fail("seccomp_init failed");
        try
        {
            // Any call whose arch is not x86_64 (i386 int 0x80) kills the whole process; libseccomp also routes
            // x32 numbers (bit 30 set) of an x86_64-only filter to this action. SeccompSelfCheck verifies both.
            Check(api.AttrSet(ctx, LibSeccomp.SCMP_FLTATR_ACT_BADARCH,
                mode == SeccompMode.TraceOnly ? LibSeccomp.SCMP_ACT_ALLOW : LibSeccomp.SCMP_ACT_KILL_PROCESS), "set the bad-architecture action");
            // NNP only matters for seccomp_load, which sandtrace never calls; no_new_privs is layer 5's job.
            Check(api.AttrSet(ctx, LibSeccomp.SCMP_FLTATR_CTL_NNP, 0), "clear the no_new_privs attribute");
            // Binary tree by number: an allowed call runs ~log2(rules) comparisons instead of one per rule. Only
            // speed: libseccomp versions without it still produce a correct (linear) filter.
            _ = api.AttrSet(ctx, LibSeccomp.SCMP_FLTATR_CTL_OPTIMIZE, LibSeccomp.OptimizeBinaryTree);

            // A denial is either the kernel's EPERM, or (security depth) a stop in the tracer marked as a denial.
            uint Deny(int errno) => mode == SeccompMode.EnforceThroughTracer
                ? LibSeccomp.SCMP_ACT_TRACE((int)(SeccompFilter.DenyMark | (uint)errno)) : LibSeccomp.SCMP_ACT_ERRNO(errno);
            var ruled = new HashSet<int>();
            if (mode != SeccompMode.TraceOnly)
            {
                foreach (string name in denied)
                    Check(api.RuleAddArray(ctx, Deny(SeccompAbi.EPERM), Number(name), 0, null), $"deny {name}");
                foreach (var r in rules)
                {
                    var cmp = new ScmpArgCmp { Arg = (uint)Math.Max(r.Arg, 0), Op = LibSeccomp.SCMP_CMP_MASKED_EQ, DatumA = r.Mask, DatumB = r.Value };
                    int nr = Number(r.Syscall);
                    Check(api.RuleAddArray(ctx, Deny(r.Errno), nr, r.Arg < 0 ? 0u : 1u, r.Arg < 0 ? null : &cmp), $"add the rule {r.Label}");
                    ruled.Add(nr);
                    // A traced syscall with a one-bit rule (memfd_create's MFD_EXEC) is traced when the bit is clear.
                    if (traced?.Contains(nr) == true && r.Arg >= 0 && ulong.PopCount(r.Mask) == 1 && r.Value == r.Mask)
                        TraceWhileClear(nr, r.Arg, r.Mask, $"trace {r.Syscall} when {r.Label} does not apply");
                }
            }
            var deniedNumbers = new HashSet<int>();
            if (mode != SeccompMode.TraceOnly) foreach (string name in denied) deniedNumbers.Add(Number(name));
            foreach (int nr in traced ?? [])
            {
                if (deniedNumbers.Contains(nr) || ruled.Contains(nr)) continue;
                // A skip (the descriptor form of a stat call) traces the call only while its bit is clear.
                TraceSkip? skip = null;
                foreach (var s in skips ?? []) if (SyscallTable.NumberX64(s.Syscall) == nr) { skip = s; break; }
                if (skip is null) Check(api.RuleAddArray(ctx, LibSeccomp.SCMP_ACT_TRACE(0), nr, 0, null), $"trace syscall {nr}");
                else TraceWhileClear(nr, skip.Arg, skip.Bit, $"trace {skip.Syscall} unless {skip.Label}");
            }
            return Export(api, ctx);

            // A stop in the tracer while the bits of mask in argument arg are clear.
            void TraceWhileClear(int nr, int arg, ulong mask, string what)
            {
                var clear = new ScmpArgCmp { Arg = (uint)arg, Op = LibSeccomp.SCMP_CMP_MASKED_EQ, DatumA = mask, DatumB = 0 };
                Check(api.RuleAddArray(ctx, LibSeccomp.SCMP_ACT_TRACE(0), nr, 1, &clear), what);
            }
        }
        finally
        {
            api.Release(ctx);
        }
    }

    /// <summary>sandtrace's x86_64 number for <paramref name="name"/>. Rules are added by number, so a libseccomp that
    /// predates a syscall (2.5.4 and open_tree_attr) filters it all the same. The table is checked against
    /// libseccomp's own by a test (SyscallTableLibSeccompTests) instead of name by name at every start: x86_64
    /// numbers are ABI and never change, and resolving a name costs libseccomp a scan of its table.</summary>
    static int Number(string name)
    {
        int nr = SyscallTable.NumberX64(name);
        if (nr < 0) throw new ArgumentException($"unknown syscall '{name}'", nameof(name));
        return nr;
    }

    static ulong[] Export(LibSeccompApi api, nint ctx)
    {
        long fd;
        fixed (byte* name = "sandtrace-seccomp\0"u8)
            fd = RawSyscall.Call(SeccompAbi.SYS_memfd_create, (long)name, SeccompAbi.MFD_CLOEXEC);
        if (fd < 0) throw Fail($"memfd_create for the exported filter: {Errno.Describe((int)-fd)}");
        using var file = new SafeFileHandle((nint)fd, ownsHandle: true);
        Check(api.ExportBpf(ctx, (int)fd), "export the BPF program");
        long length = RandomAccess.GetLength(file);
        if (length <= 0 || length % sizeof(ulong) != 0 || length / sizeof(ulong) > SeccompAbi.BPF_MAXINSNS)
            throw Fail($"the exported BPF program has {length} bytes (want a multiple of 8, at most {SeccompAbi.BPF_MAXINSNS} instructions)");
        var program = new ulong[length / sizeof(ulong)];
        Span<byte> bytes = MemoryMarshal.AsBytes(program.AsSpan());
        for (int done = 0; done < bytes.Length;)
        {
            int n = RandomAccess.Read(file, bytes[done..], done);
            if (n <= 0) throw Fail("short read of the exported BPF program");
            done += n;
        }
        return program;
    }

    static void Check(int rc, string what)
    {
        if (rc < 0) throw Fail($"libseccomp could not {what}: {Errno.Describe(-rc)}");
    }

    static SandboxError Fail(string why) => new($"seccomp (layer 7): {why}", Seccomp.ExitCodeSetup);
}
