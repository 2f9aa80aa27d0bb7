namespace Sandtrace.Tracing;

/// <summary>
/// Turns the raw arguments of one syscall into named, typed entries (paths, flag names, socket addresses...)
/// in a <see cref="DecodedArgs"/>. Create one per tracer thread and call <see cref="Decode"/> at each
/// syscall-exit stop. It keeps no per-call state, allocates nothing per call (scratch lives on the stack, text
/// in the DecodedArgs buffer) and never throws on unreadable tracee memory. Syscalls it does not know add
/// nothing; the raw arguments are in the event anyway.
/// </summary>
internal sealed class ArgumentDecoder
{
    /// <summary>AUDIT_ARCH_X86_64 (EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE): the only ABI decoded.
    /// i386 and x32 tracees use other numbers and layouts, so they get no decoded arguments.</summary>
    public const uint AuditArchX86_64 = 0xC000003E;

    /// <summary>Appends the decoded arguments of syscall <paramref name="nr"/> to <paramref name="into"/> (the caller
    /// resets it). <paramref name="args"/> are the six raw arguments captured at the entry stop; the call is
    /// decoded at its exit stop so results (pipe fds, accepted peer, link target) can be shown.
    /// <paramref name="hasReturn"/> is false when the call never returned (exit, or the tracee died in it);
    /// then only the inputs are decoded. execve and execveat are skipped: the tracer fills those in itself.</summary>
    public void Decode(uint auditArch, long nr, ReadOnlySpan<ulong> args, long ret, bool hasReturn, int pid,
        ITraceeMemory mem, DecodedArgs into)
    {
        if (auditArch != AuditArchX86_64) return;
        if (nr is X64Syscall.execve or X64Syscall.execveat) return;
        var c = new DecodeContext(args, ret, hasReturn, pid, mem, into);
        _ = PathSyscalls.TryDecode(nr, c)
            || FdSyscalls.TryDecode(nr, c)
            || NetworkSyscalls.TryDecode(nr, c)
            || MemorySyscalls.TryDecode(nr, c)
            || ProcessSyscalls.TryDecode(nr, c)
            || SignalSyscalls.TryDecode(nr, c)
            || EventFdSyscalls.TryDecode(nr, c)
            || TimeSyncSyscalls.TryDecode(nr, c)
            || XattrSyscalls.TryDecode(nr, c)
            || MountSyscalls.TryDecode(nr, c)
            || ProcessControlSyscalls.TryDecode(nr, c)
            || SystemSyscalls.TryDecode(nr, c);
    }
}
