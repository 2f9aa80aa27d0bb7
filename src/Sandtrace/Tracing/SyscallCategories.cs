namespace Sandtrace.Tracing;

/// <summary>
/// Category of a syscall by (arch, nr): per-ABI arrays indexed by number, precomputed from the names through
/// <see cref="SyscallCategoryMap"/> so the lookup on the tracer's hot path is one array read.
/// </summary>
internal static class SyscallCategories
{
    static readonly SyscallCategory[] s_x64 = Build(SyscallAbi.X64);
    static readonly SyscallCategory[] s_x32 = Build(SyscallAbi.X32);
    static readonly SyscallCategory[] s_i386 = Build(SyscallAbi.I386);

    /// <summary>The category of syscall <paramref name="nr"/> of <paramref name="auditArch"/>; Other for numbers
    /// with no syscall. Numbers are read as <see cref="SyscallTable.Name"/> reads them.</summary>
    public static SyscallCategory Of(uint auditArch, long nr)
    {
        SyscallAbi abi = SyscallTable.Resolve(auditArch, nr, out int index);
        SyscallCategory[]? table = abi switch
        {
            SyscallAbi.X64 => s_x64,
            SyscallAbi.X32 => s_x32,
            SyscallAbi.I386 => s_i386,
            _ => null,
        };
        return table is not null && (uint)index < (uint)table.Length ? table[index] : SyscallCategory.Other;
    }

    /// <summary>The category of a syscall name (any ABI's spelling), or Other for an unknown name.</summary>
    public static SyscallCategory OfName(string name) =>
        SyscallCategoryMap.TryGet(name, out SyscallCategory c) ? c : SyscallCategory.Other;

    static SyscallCategory[] Build(SyscallAbi abi)
    {
        ReadOnlySpan<string?> names = SyscallTable.TableOf(abi);
        var categories = new SyscallCategory[names.Length];
        for (int nr = 0; nr < names.Length; nr++)
            categories[nr] = names[nr] is { } name ? OfName(name) : SyscallCategory.Other;
        return categories;
    }
}
