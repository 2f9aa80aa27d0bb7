using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>ptrace requests, options and stop events (linux/ptrace.h).</summary>
internal static class Ptrace
{
    public const long POKEUSER = 6, CONT = 7, KILL = 8, DETACH = 17, SYSCALL = 24, SETOPTIONS = 0x4200, GETEVENTMSG = 0x4201,
        SEIZE = 0x4206, INTERRUPT = 0x4207, LISTEN = 0x4208, GET_SYSCALL_INFO = 0x420e;

    public const long O_TRACESYSGOOD = 1, O_TRACEFORK = 2, O_TRACEVFORK = 4, O_TRACECLONE = 8, O_TRACEEXEC = 0x10,
        O_TRACEVFORKDONE = 0x20, O_TRACEEXIT = 0x40, O_TRACESECCOMP = 0x80, O_EXITKILL = 0x100000;

    public const int EVENT_FORK = 1, EVENT_VFORK = 2, EVENT_CLONE = 3, EVENT_EXEC = 4, EVENT_VFORK_DONE = 5,
        EVENT_EXIT = 6, EVENT_SECCOMP = 7, EVENT_STOP = 128;

    public const byte SYSCALL_INFO_NONE = 0, SYSCALL_INFO_ENTRY = 1, SYSCALL_INFO_EXIT = 2, SYSCALL_INFO_SECCOMP = 3;

    /// <summary>Offsets in struct user (x86_64 user_regs_struct) for PTRACE_POKEUSER.</summary>
    public const long OffsetRax = 10 * 8, OffsetRsi = 13 * 8, OffsetOrigRax = 15 * 8;

    public const uint AUDIT_ARCH_X86_64 = 0xC000003E, AUDIT_ARCH_I386 = 0x40000003;
}

/// <summary>struct ptrace_syscall_info (linux/ptrace.h). The union is flattened: entry/seccomp use Nr and Args,
/// exit uses RvalOrNr (rval) and Args[0]'s low byte (is_error).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PtraceSyscallInfo
{
    public byte Op;
    public byte Pad0, Pad1, Pad2;
    public uint Arch;
    public ulong InstructionPointer;
    public ulong StackPointer;
    public long NrOrRval;
    public fixed ulong Args[6];
    public uint SeccompRetData;
    public uint Pad3;

    public readonly bool ExitIsError => (Args[0] & 0xff) != 0;
}
