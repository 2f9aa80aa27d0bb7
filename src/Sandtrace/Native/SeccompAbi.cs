using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// The kernel side of seccomp-bpf (linux/seccomp.h, linux/filter.h, linux/bpf_common.h) and the few x86_64
/// numbers and constants the filter layer needs that <see cref="Sys"/> does not have.
/// </summary>
internal static class SeccompAbi
{
    public const long SYS_lseek = 8, SYS_unshare = 272, SYS_seccomp = 317, SYS_memfd_create = 319;
    public const long SECCOMP_SET_MODE_FILTER = 1;
    public const uint MFD_CLOEXEC = 1;

    /// <summary>BPF_MAXINSNS: the kernel refuses longer classic BPF programs (EINVAL).</summary>
    public const int BPF_MAXINSNS = 4096;

    // Return values: action in the high 16 bits, data (errno, trace message) in the low 16.
    public const uint SECCOMP_RET_KILL_PROCESS = 0x80000000, SECCOMP_RET_KILL_THREAD = 0, SECCOMP_RET_TRAP = 0x00030000,
        SECCOMP_RET_ERRNO = 0x00050000, SECCOMP_RET_USER_NOTIF = 0x7fc00000, SECCOMP_RET_TRACE = 0x7ff00000,
        SECCOMP_RET_LOG = 0x7ffc0000, SECCOMP_RET_ALLOW = 0x7fff0000;
    public const uint SECCOMP_RET_ACTION_FULL = 0xffff0000, SECCOMP_RET_DATA = 0x0000ffff;

    // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; } — 64 bytes.
    public const int DataNrOffset = 0, DataArchOffset = 4, DataIpOffset = 8, DataArgsOffset = 16, DataSize = 64;

    // Classic BPF opcode fields (linux/bpf_common.h).
    public const ushort BPF_LD = 0x00, BPF_LDX = 0x01, BPF_ST = 0x02, BPF_STX = 0x03, BPF_ALU = 0x04, BPF_JMP = 0x05,
        BPF_RET = 0x06, BPF_MISC = 0x07;
    public const ushort BPF_W = 0x00, BPF_IMM = 0x00, BPF_ABS = 0x20, BPF_MEM = 0x60, BPF_LEN = 0x80;
    public const ushort BPF_ADD = 0x00, BPF_SUB = 0x10, BPF_MUL = 0x20, BPF_DIV = 0x30, BPF_OR = 0x40, BPF_AND = 0x50,
        BPF_LSH = 0x60, BPF_RSH = 0x70, BPF_NEG = 0x80, BPF_MOD = 0x90, BPF_XOR = 0xa0;
    public const ushort BPF_JA = 0x00, BPF_JEQ = 0x10, BPF_JGT = 0x20, BPF_JGE = 0x30, BPF_JSET = 0x40;
    public const ushort BPF_K = 0x00, BPF_X = 0x08, BPF_A = 0x10;
    public const ushort BPF_TAX = 0x00, BPF_TXA = 0x80;
    /// <summary>BPF_MEMWORDS: scratch memory slots M[0..15].</summary>
    public const int BPF_MEMWORDS = 16;

    // Constants the argument rules compare with.
    public const ulong TIOCSTI = 0x5412, TIOCLINUX = 0x541C;
    public const int EPERM = 1, ENOSYS = 38;
}

/// <summary>struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }, 8 bytes: one classic BPF instruction.
/// Held as a little-endian ulong elsewhere; this view decodes one.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct SockFilter(ushort code, byte jt, byte jf, uint k)
{
    public readonly ushort Code = code;
    public readonly byte Jt = jt;
    public readonly byte Jf = jf;
    public readonly uint K = k;

    public static SockFilter FromRaw(ulong raw) =>
        new((ushort)raw, (byte)(raw >> 16), (byte)(raw >> 24), (uint)(raw >> 32));

    public ulong ToRaw() => Code | (ulong)Jt << 16 | (ulong)Jf << 24 | (ulong)K << 32;

    public override string ToString() => $"code={Code:x4} jt={Jt} jf={Jf} k=0x{K:x8}";
}

/// <summary>struct sock_fprog { unsigned short len; struct sock_filter *filter; }: len, 6 bytes of padding, pointer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockFprog
{
    public ushort Len;
    public nint Filter;
}
