using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;

namespace Sandtrace.Tracing;

/// <summary>Which syscall table a (arch, nr) pair from PTRACE_GET_SYSCALL_INFO selects.</summary>
internal enum SyscallAbi : byte { Unknown, X64, X32, I386 }

/// <summary>
/// Syscall numbers to the kernel's names (Linux v6.18 tables) for x86_64, x32 and i386 tracees.
/// Known numbers return cached literals, so naming allocates nothing on the tracer's hot path.
/// </summary>
internal static class SyscallTable
{
    public const uint AuditArchX86_64 = 0xC000003E;
    public const uint AuditArchI386 = 0x40000003;
    /// <summary>__X32_SYSCALL_BIT: on x86_64, a number with this bit set is an x32 syscall.</summary>
    public const int X32SyscallBit = 0x40000000;

    // Built at every start (the seccomp filter is generated from names); the rest is built on first use, in the
    // holder classes below, whose static constructors run only then.
    static readonly string?[] s_x64 = SyscallNamesX64.Create();
    // 30–46 µs per start, below what a whole run can show (docs/performance-notes.md, the 20:20–21:40 round).
    static readonly Dictionary<string, int> s_x64Numbers = IndexByName(s_x64);

    static class OtherAbis
    {
        public static readonly string?[] X32 = SyscallNamesX32.Create(s_x64);
        public static readonly string?[] I386 = SyscallNamesI386.Create();
    }

    static class NameList
    {
        public static readonly ReadOnlyCollection<string> X64 = Array.AsReadOnly(s_x64.OfType<string>().ToArray());
    }

    // Unknown numbers are rare (a seccomp skip reports -1, probes of future calls); cache their text, but only
    // up to a bound so a tracee looping over random numbers cannot grow the tracer's memory.
    static class UnknownNames
    {
        public const int MaxCached = 4096;
        public static readonly ConcurrentDictionary<int, string> Cache = new();
        public static int Count;
    }

    /// <summary>
    /// The kernel's name for syscall <paramref name="nr"/> of <paramref name="auditArch"/>, or "syscall_N" when the
    /// number has no row in the table (gaps, out of range, negative, unknown arch). N is the decimal number as the
    /// kernel dispatched it: the low 32 bits, sign-extended, and for x32 with __X32_SYSCALL_BIT still set
    /// (x32 "syscall_1073742400" is distinct from x86_64 "syscall_576").
    /// </summary>
    public static string Name(uint auditArch, long nr)
    {
        string?[]? table = TableFor(Resolve(auditArch, nr, out int index));
        if (table is not null && (uint)index < (uint)table.Length && table[index] is { } name) return name;
        return Unknown(unchecked((int)nr));
    }

    /// <summary>The x86_64 number of <paramref name="name"/>, or -1 if x86_64 has no such syscall.</summary>
    public static int NumberX64(string name) => s_x64Numbers.TryGetValue(name, out int nr) ? nr : -1;

    /// <summary>Every x86_64 syscall name, in number order (for "did you mean" suggestions).</summary>
    public static IEnumerable<string> NamesX64 => NameList.X64;

    /// <summary>
    /// Picks the table and index for a (arch, nr) pair. The kernel dispatches on the low 32 bits of the number
    /// only (x86_64 entry sign-extends %eax), so a tracee setting high bits still runs the call of the low bits;
    /// naming the same way keeps e.g. execve from hiding behind 0x1_0000_003b.
    /// </summary>
    internal static SyscallAbi Resolve(uint auditArch, long nr, out int index)
    {
        int n = unchecked((int)nr);
        index = n;
        switch (auditArch)
        {
            case AuditArchX86_64 when n >= 0 && (n & X32SyscallBit) != 0:
                index = n & ~X32SyscallBit;
                return SyscallAbi.X32;
            case AuditArchX86_64:
                return SyscallAbi.X64;
            case AuditArchI386:
                return SyscallAbi.I386;
            default:
                return SyscallAbi.Unknown;
        }
    }

    /// <summary>The raw name table of an ABI (index = number; null = no syscall), for building per-number
    /// data such as categories.</summary>
    internal static ReadOnlySpan<string?> TableOf(SyscallAbi abi) => TableFor(abi);

    static string?[]? TableFor(SyscallAbi abi) => abi switch
    {
        SyscallAbi.X64 => s_x64,
        SyscallAbi.X32 => OtherAbis.X32,
        SyscallAbi.I386 => OtherAbis.I386,
        _ => null,
    };

    static string Unknown(int nr)
    {
        if (UnknownNames.Cache.TryGetValue(nr, out string? cached)) return cached;
        string text = "syscall_" + nr.ToString(CultureInfo.InvariantCulture);
        if (Volatile.Read(ref UnknownNames.Count) < UnknownNames.MaxCached && UnknownNames.Cache.TryAdd(nr, text))
            Interlocked.Increment(ref UnknownNames.Count);
        return text;
    }

    static Dictionary<string, int> IndexByName(string?[] table)
    {
        var byName = new Dictionary<string, int>(table.Length, StringComparer.Ordinal);
        for (int nr = 0; nr < table.Length; nr++)
            if (table[nr] is { } name) byName.Add(name, nr); // Add throws on a duplicate name: tables must be 1:1
        return byName;
    }
}
