namespace Sandtrace.Tracing;

/// <summary>
/// Category of a syscall by (arch, nr): per-ABI arrays indexed by number, each entry looked up by name through
/// <see cref="SyscallCategoryMap"/> the first time that number is seen, so the lookup on the tracer's hot path is one
/// array read. Filled lazily: categorising all ~1,200 numbers up front cost ~0.1 ms of every start, and a short
/// program makes a couple of dozen distinct calls. A race between threads writes the same value twice.
/// </summary>
internal static class SyscallCategories
{
    const byte Unset = 0xFF;
    static readonly byte[] s_x64 = NewTable(SyscallAbi.X64);
    static readonly byte[] s_x32 = NewTable(SyscallAbi.X32);
    static readonly byte[] s_i386 = NewTable(SyscallAbi.I386);

    /// <summary>The category of syscall <paramref name="nr"/> of <paramref name="auditArch"/>; Other for numbers
    /// with no syscall. Numbers are read as <see cref="SyscallTable.Name"/> reads them.</summary>
    public static SyscallCategory Of(uint auditArch, long nr)
    {
        SyscallAbi abi = SyscallTable.Resolve(auditArch, nr, out int index);
        byte[]? table = abi switch
        {
            SyscallAbi.X64 => s_x64,
            SyscallAbi.X32 => s_x32,
            SyscallAbi.I386 => s_i386,
            _ => null,
        };
        if (table is null || (uint)index >= (uint)table.Length) return SyscallCategory.Other;
        byte c = table[index];
        if (c == Unset)
            table[index] = c = (byte)(SyscallTable.TableOf(abi)[index] is { } name ? OfName(name) : SyscallCategory.Other);
        return (SyscallCategory)c;
    }

    /// <summary>The category of a syscall name (any ABI's spelling), or Other for an unknown name.</summary>
    public static SyscallCategory OfName(string name) =>
        SyscallCategoryMap.TryGet(name, out SyscallCategory c) ? c : SyscallCategory.Other;

    static byte[] NewTable(SyscallAbi abi)
    {
        var table = new byte[SyscallTable.TableOf(abi).Length];
        Array.Fill(table, Unset);
        return table;
    }
}
