using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the memory-mapping syscalls: mmap, mprotect, pkey_mprotect, munmap, brk, mremap, msync,
/// mincore, madvise, process_madvise, mlock*, mseal.</summary>
internal static class MemorySyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case mmap:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                AddProt(c, c.Arg(2));
                AddMapFlags(c, c.Arg(3));
                c.AddInt("fd", 4);
                c.AddLong("offset", 5);
                return true;
            case mprotect:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                AddProt(c, c.Arg(2));
                return true;
            case pkey_mprotect:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                AddProt(c, c.Arg(2));
                c.AddInt("pkey", 3);
                return true;
            case munmap:
            case mincore:
            case mlock:
            case munlock:
            case mseal:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                return true;
            case mlock2:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                c.AddFlags("flags", MemoryConstants.Mlock2Flags, c.UInt(2));
                return true;
            case mlockall:
                c.AddFlags("flags", MemoryConstants.MlockallFlags, c.UInt(0));
                return true;
            case brk:
                c.AddPointer("addr", c.Arg(0));
                return true;
            case mremap:
                c.AddPointer("old_address", c.Arg(0));
                c.AddLong("old_size", 1);
                c.AddLong("new_size", 2);
                c.AddFlags("flags", MemoryConstants.MremapFlags, c.Arg(3));
                if ((c.Arg(3) & MemoryConstants.MREMAP_FIXED) != 0) c.AddPointer("new_address", c.Arg(4));
                return true;
            case msync:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                c.AddFlags("flags", MemoryConstants.MsyncFlags, c.UInt(2));
                return true;
            case madvise:
                c.AddPointer("addr", c.Arg(0));
                c.AddLong("length", 1);
                c.AddEnum("advice", MemoryConstants.MadviseAdvice, c.UInt(2));
                return true;
            case process_madvise:
                c.AddInt("pidfd", 0);
                c.AddLong("vlen", 2);
                c.AddEnum("advice", MemoryConstants.MadviseAdvice, c.UInt(3));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Protection bits; no bits at all is PROT_NONE.</summary>
    static void AddProt(in DecodeContext c, ulong prot)
    {
        if (prot == 0) { c.Into.AddSymbol("prot", "PROT_NONE"); return; }
        c.AddFlags("prot", MemoryConstants.Prot, prot);
    }

    /// <summary>mmap flags: the mapping type first ("MAP_PRIVATE"), then the flags; with MAP_HUGETLB the top bits
    /// are a page size ("MAP_HUGE_2MB").</summary>
    static void AddMapFlags(in DecodeContext c, ulong flags)
    {
        const ulong HugeBits = (ulong)MemoryConstants.MAP_HUGE_MASK << (int)MemoryConstants.MAP_HUGE_SHIFT;
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("flags");
        SymbolFormat.AppendEnum(w, MemoryConstants.MapTypes, flags & MemoryConstants.MAP_TYPE, hex: true);
        ulong rest = flags & ~(ulong)MemoryConstants.MAP_TYPE;
        uint huge = 0;
        if ((rest & MemoryConstants.MAP_HUGETLB) != 0)
        {
            huge = (uint)((rest & HugeBits) >> (int)MemoryConstants.MAP_HUGE_SHIFT);
            rest &= ~HugeBits;
        }
        SymbolFormat.AppendFlags(w, MemoryConstants.MapFlags, rest, separate: true);
        if (huge != 0)
        {
            w.Append('|');
            HugePageSize.Append(w, "MAP_HUGE_", huge);
        }
        w.End();
    }
}
