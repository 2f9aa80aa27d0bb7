using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Runs a seccomp classic-BPF program on one <c>struct seccomp_data</c> the way the kernel does, with the kernel's
/// restrictions (only 32-bit aligned loads inside seccomp_data, forward jumps, must end in a return). It lets
/// <see cref="Seccomp.Build"/> check the program libseccomp generated before any child runs it — in particular
/// that i386 and x32 calls are killed, which depends on libseccomp's code generator and not on an API promise —
/// and it lets tests ask what the filter answers for every syscall number.
/// </summary>
internal static class SeccompBpf
{
    /// <summary>The filter's 32-bit verdict (SECCOMP_RET_* | data). Throws <see cref="InvalidDataException"/> for a
    /// program the kernel would refuse.</summary>
    public static uint Run(ReadOnlySpan<ulong> program, uint arch, int nr, ReadOnlySpan<ulong> args, ulong ip = 0) =>
        Run(System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, SockFilter>(program), arch, nr, args, ip);

    /// <summary>The same on instructions viewed as <see cref="SockFilter"/>s (the kernel's 8-byte layout, so a cast
    /// of the raw program): the self-check runs the program a few thousand times at every start.</summary>
    public static uint Run(ReadOnlySpan<SockFilter> program, uint arch, int nr, ReadOnlySpan<ulong> args, ulong ip = 0)
    {
        Span<uint> data = stackalloc uint[SeccompAbi.DataSize / 4];
        data[0] = unchecked((uint)nr);
        data[1] = arch;
        data[2] = (uint)ip;
        data[3] = (uint)(ip >> 32);
        for (int i = 0; i < 6; i++)
        {
            ulong a = i < args.Length ? args[i] : 0;
            data[4 + 2 * i] = (uint)a;          // little-endian: the low half comes first
            data[5 + 2 * i] = (uint)(a >> 32);
        }
        Span<uint> mem = stackalloc uint[SeccompAbi.BPF_MEMWORDS];
        mem.Clear();
        uint a32 = 0, x = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            ref readonly var ins = ref program[pc];
            uint k = ins.K;
            // Conditional jumps on a constant are most of what libseccomp generates (one per syscall it tests):
            // decided before the general switch, which would reach them only through its default branch.
            switch (ins.Code)
            {
                case SeccompAbi.BPF_JMP | SeccompAbi.BPF_JEQ | SeccompAbi.BPF_K: pc += a32 == k ? ins.Jt : ins.Jf; continue;
                case SeccompAbi.BPF_JMP | SeccompAbi.BPF_JGT | SeccompAbi.BPF_K: pc += a32 > k ? ins.Jt : ins.Jf; continue;
                case SeccompAbi.BPF_JMP | SeccompAbi.BPF_JGE | SeccompAbi.BPF_K: pc += a32 >= k ? ins.Jt : ins.Jf; continue;
                case SeccompAbi.BPF_JMP | SeccompAbi.BPF_JSET | SeccompAbi.BPF_K: pc += (a32 & k) != 0 ? ins.Jt : ins.Jf; continue;
            }
            switch (ins.Code)
            {
                case SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_ABS:
                    if (k % 4 != 0 || k >= SeccompAbi.DataSize) throw Bad(pc, ins, "load outside seccomp_data");
                    a32 = data[(int)(k / 4)];
                    break;
                case SeccompAbi.BPF_LD | SeccompAbi.BPF_W | SeccompAbi.BPF_LEN: a32 = SeccompAbi.DataSize; break;
                case SeccompAbi.BPF_LDX | SeccompAbi.BPF_W | SeccompAbi.BPF_LEN: x = SeccompAbi.DataSize; break;
                case SeccompAbi.BPF_LD | SeccompAbi.BPF_IMM: a32 = k; break;
                case SeccompAbi.BPF_LDX | SeccompAbi.BPF_IMM: x = k; break;
                case SeccompAbi.BPF_LD | SeccompAbi.BPF_MEM: a32 = mem[Slot(pc, ins)]; break;
                case SeccompAbi.BPF_LDX | SeccompAbi.BPF_MEM: x = mem[Slot(pc, ins)]; break;
                case SeccompAbi.BPF_ST: mem[Slot(pc, ins)] = a32; break;
                case SeccompAbi.BPF_STX: mem[Slot(pc, ins)] = x; break;
                case SeccompAbi.BPF_MISC | SeccompAbi.BPF_TAX: x = a32; break;
                case SeccompAbi.BPF_MISC | SeccompAbi.BPF_TXA: a32 = x; break;
                case SeccompAbi.BPF_RET | SeccompAbi.BPF_K: return k;
                case SeccompAbi.BPF_RET | SeccompAbi.BPF_A: return a32;
                case SeccompAbi.BPF_JMP | SeccompAbi.BPF_JA:
                    pc += (int)Math.Min(k, (uint)program.Length);
                    break;
                default:
                    int cls = ins.Code & 0x07;
                    uint operand = (ins.Code & SeccompAbi.BPF_X) != 0 ? x : k;
                    if (cls == SeccompAbi.BPF_ALU)
                    {
                        // The result comes back by value: a32 passed by reference would live in memory for the whole loop.
                        a32 = Alu(ins.Code & 0xf0, a32, operand, out bool known, out bool divideByZero);
                        if (!known) throw Bad(pc, ins, "unknown ALU operation");
                        if (divideByZero) return 0; // classic BPF ends the program with 0 (= SECCOMP_RET_KILL_THREAD)
                    }
                    else if (cls == SeccompAbi.BPF_JMP)
                    {
                        bool taken = (ins.Code & 0xf0) switch
                        {
                            SeccompAbi.BPF_JEQ => a32 == operand,
                            SeccompAbi.BPF_JGT => a32 > operand,
                            SeccompAbi.BPF_JGE => a32 >= operand,
                            SeccompAbi.BPF_JSET => (a32 & operand) != 0,
                            _ => throw Bad(pc, ins, "unknown jump"),
                        };
                        pc += taken ? ins.Jt : ins.Jf;
                    }
                    else throw Bad(pc, ins, "instruction not allowed in seccomp filters");
                    break;
            }
        }
        throw new InvalidDataException("seccomp BPF program runs past its end without returning");
    }

    static uint Alu(int op, uint a, uint operand, out bool known, out bool divideByZero)
    {
        known = true;
        divideByZero = false;
        switch (op)
        {
            case SeccompAbi.BPF_ADD: return unchecked(a + operand);
            case SeccompAbi.BPF_SUB: return unchecked(a - operand);
            case SeccompAbi.BPF_MUL: return unchecked(a * operand);
            case SeccompAbi.BPF_DIV: if (operand == 0) { divideByZero = true; return a; } return a / operand;
            case SeccompAbi.BPF_MOD: if (operand == 0) { divideByZero = true; return a; } return a % operand;
            case SeccompAbi.BPF_OR: return a | operand;
            case SeccompAbi.BPF_AND: return a & operand;
            case SeccompAbi.BPF_XOR: return a ^ operand;
            case SeccompAbi.BPF_LSH: return operand >= 32 ? 0 : a << (int)operand;
            case SeccompAbi.BPF_RSH: return operand >= 32 ? 0 : a >> (int)operand;
            case SeccompAbi.BPF_NEG: return unchecked(0u - a);
            default: known = false; return a;
        }
    }

    static int Slot(int pc, SockFilter ins) =>
        ins.K < SeccompAbi.BPF_MEMWORDS ? (int)ins.K : throw Bad(pc, ins, "scratch slot out of range");

    static InvalidDataException Bad(int pc, SockFilter ins, string why) =>
        new($"seccomp BPF instruction {pc} ({ins}): {why}");
}
