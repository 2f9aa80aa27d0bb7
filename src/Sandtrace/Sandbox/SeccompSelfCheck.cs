using Sandtrace.Native;
using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// Runs the generated program (with <see cref="SeccompBpf"/>) before any child gets it: the filter must agree with
/// <see cref="SeccompFilter.ErrnoFor"/> for every x86_64 number and every argument rule, and must kill calls from
/// other ABIs. The ABI part is the point: libseccomp kills x32 numbers in an x86_64-only filter by a code-generator
/// habit, not by a documented promise; a libseccomp that stopped doing so would let x32 calls through unfiltered.
/// Costs well under a millisecond.
/// </summary>
internal static class SeccompSelfCheck
{
    /// <summary>Highest syscall number probed for x86_64; well past the table so new numbers are covered too.</summary>
    const int ProbeLimit = 1024;

    /// <summary>For i386 and x32 (every number must be killed): past both tables (i386 up to 469, x32 up to 547).
    /// Half the probes of the whole range, and the self-check runs at every start.</summary>
    const int OtherAbiProbeLimit = 600;

    /// <summary>Null when the program does what the filter says, otherwise the first difference.</summary>
    public static string? Problem(SeccompFilter f)
    {
        ReadOnlySpan<ulong> p = f.Instructions;
        if (p.Length == 0 || p.Length > SeccompAbi.BPF_MAXINSNS) return $"{p.Length} instructions";
        var first = SockFilter.FromRaw(p[0]);
        if (first.Code != (SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS) || first.K != SeccompAbi.DataArchOffset)
            return $"the program does not start by loading the architecture ({first})";
        try
        {
            Span<ulong> args = stackalloc ulong[6];
            for (int nr = 0; nr < ProbeLimit; nr++)
            {
                args.Clear();
                if (Mismatch(f, nr, args) is { } m) return m;
                if (f.Mode == SeccompMode.TraceOnly || nr >= OtherAbiProbeLimit) continue;   // trace-only: other ABIs are not killed
                if (Run(p, SyscallTable.AuditArchI386, nr, args) != SeccompAbi.SECCOMP_RET_KILL_PROCESS)
                    return $"i386 syscall {nr} is not killed";
                if (Run(p, SyscallTable.AuditArchX86_64, SyscallTable.X32SyscallBit | nr, args) != SeccompAbi.SECCOMP_RET_KILL_PROCESS)
                    return $"x32 syscall {nr} (0x{SyscallTable.X32SyscallBit | nr:x}) is not killed";
            }
            if (f.Mode != SeccompMode.TraceOnly && Run(p, 0, SyscallTable.NumberX64("getpid"), args) != SeccompAbi.SECCOMP_RET_KILL_PROCESS)
                return "a call with an unknown architecture is not killed";
            foreach (var r in f.Mode == SeccompMode.TraceOnly ? [] : f.ArgumentRules)
            {
                if (r.Arg < 0) continue;
                int nr = SyscallTable.NumberX64(r.Syscall);
                ulong lowestMaskBit = r.Mask & (~r.Mask + 1);
                // Every bit outside the mask set (junk in ioctl's high half), the bare value, zero, one bit off.
                foreach (ulong v in (ReadOnlySpan<ulong>)[r.Value | ~r.Mask, r.Value, 0, r.Value ^ lowestMaskBit])
                {
                    args.Clear();
                    args[r.Arg] = v;
                    if (Mismatch(f, nr, args) is { } m) return m;
                }
                args.Clear();
                args[r.Arg] = r.Value | ~r.Mask;
                if (f.ErrnoFor(nr, args) != r.Errno) return $"{r.Label} with bits outside its mask is not refused";
            }
            // The descriptor forms of the stat calls: bit set (alone, with everything else) runs, bit clear stops.
            foreach (var skip in f.TraceSkips)
            {
                int nr = SyscallTable.NumberX64(skip.Syscall);
                foreach (ulong v in (ReadOnlySpan<ulong>)[skip.Bit, ~0UL, ~skip.Bit, 0])
                {
                    args.Clear();
                    args[skip.Arg] = v;
                    if (Mismatch(f, nr, args) is { } m) return m;
                }
            }
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
        return null;
    }

    static string? Mismatch(SeccompFilter f, int nr, ReadOnlySpan<ulong> args)
    {
        uint want = f.ExpectedAction(nr, args);
        uint got = Run(f.Instructions, SyscallTable.AuditArchX86_64, nr, args);
        return got == want ? null
            : $"x86_64 {SyscallTable.Name(SyscallTable.AuditArchX86_64, nr)} with [{string.Join(", ", args.ToArray().Select(a => $"0x{a:x}"))}] " +
              $"gives 0x{got:x8}, expected 0x{want:x8}";
    }

    static uint Run(ReadOnlySpan<ulong> p, uint arch, int nr, ReadOnlySpan<ulong> args) => SeccompBpf.Run(p, arch, nr, args);
}
