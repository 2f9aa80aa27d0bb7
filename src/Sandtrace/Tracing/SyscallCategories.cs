namespace Sandtrace.Tracing;

/// <summary>
/// Category of a syscall by (arch, nr), one array read on the tracer's hot path. x86_64: a table generated from
/// <see cref="SyscallCategoryMap"/> into SyscallCategories.X64.g.cs (a test fails when it drifts and rewrites it with
/// SANDTRACE_REGENERATE=1): building the name map at start cost ~0.1 ms of every run. x32 and i386: arrays filled
/// through the name map the first time a number is seen. A race between threads writes the same value twice.
/// </summary>
internal static partial class SyscallCategories
{
    const byte Unset = 0xFF;
    // Sized by the tables' lengths, not the tables: those are built the first time an x32 or i386 call is named.
    static readonly byte[] s_x32 = NewTable(SyscallNamesX32.Length);
    static readonly byte[] s_i386 = NewTable(SyscallNamesI386.Length);

    /// <summary>The category of syscall <paramref name="nr"/> of <paramref name="auditArch"/>; Other for numbers
    /// with no syscall. Numbers are read as <see cref="SyscallTable.Name"/> reads them.</summary>
    public static SyscallCategory Of(uint auditArch, long nr)
    {
        SyscallAbi abi = SyscallTable.Resolve(auditArch, nr, out int index);
        if (abi == SyscallAbi.X64)
            return (uint)index < (uint)X64Table.Length ? (SyscallCategory)X64Table[index] : SyscallCategory.Other;
        byte[]? table = abi switch
        {
            SyscallAbi.X32 => s_x32,
            SyscallAbi.I386 => s_i386,
            _ => null,
        };
        if (table is null || (uint)index >= (uint)table.Length) return SyscallCategory.Other;
        byte c = table[index];
        if (c == Unset) table[index] = c = (byte)FromName(abi, index);
        return (SyscallCategory)c;
    }

    /// <summary>The category of a syscall name (any ABI's spelling), or Other for an unknown name.</summary>
    public static SyscallCategory OfName(string name) =>
        SyscallCategoryMap.TryGet(name, out SyscallCategory c) ? c : SyscallCategory.Other;

    /// <summary>The categories of every x86_64 number computed from the names (what X64Table must hold).</summary>
    internal static byte[] ComputeX64()
    {
        var table = new byte[SyscallTable.TableOf(SyscallAbi.X64).Length];
        for (int nr = 0; nr < table.Length; nr++) table[nr] = (byte)FromName(SyscallAbi.X64, nr);
        return table;
    }

    /// <summary>The category of number <paramref name="index"/> of <paramref name="abi"/> by its name; Other without one.</summary>
    static SyscallCategory FromName(SyscallAbi abi, int index) =>
        SyscallTable.TableOf(abi)[index] is { } name ? OfName(name) : SyscallCategory.Other;

    internal static ReadOnlySpan<byte> X64TableForTests => X64Table;

    static byte[] NewTable(int length)
    {
        var table = new byte[length];
        Array.Fill(table, Unset);
        return table;
    }
}
