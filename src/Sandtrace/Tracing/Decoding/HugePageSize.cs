namespace Sandtrace.Tracing;

/// <summary>Names the huge page size that mmap and memfd_create encode as log2(size) in bits 26..31
/// (HUGETLB_FLAG_ENCODE_*), the way the headers do: "MAP_HUGE_2MB", "MFD_HUGE_1GB".</summary>
internal static class HugePageSize
{
    public static void Append(DecodedArgs.SymbolWriter w, string prefix, uint log2)
    {
        w.Append(prefix);
        if (log2 >= 64) { w.AppendNumber(log2); return; }   // not a size the kernel could accept
        (int shift, string unit) = log2 >= 30 ? (30, "GB") : log2 >= 20 ? (20, "MB") : log2 >= 10 ? (10, "KB") : (0, "B");
        w.AppendNumber(1UL << (int)(log2 - (uint)shift));
        w.Append(unit);
    }
}
