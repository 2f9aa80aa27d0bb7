using System.Buffers.Binary;
using System.Text;

namespace Sandtrace.Sandbox;

/// <summary>
/// Reads what starting a program needs from an ELF64 little-endian file: PT_INTERP, and from PT_DYNAMIC the
/// DT_NEEDED / DT_SONAME / DT_RPATH / DT_RUNPATH strings and DT_FLAGS_1. Only the few regions involved are read, each
/// bounds-checked and size-capped: a truncated or hostile file yields an <see cref="ElfInfo.Problem"/>, never an
/// exception. Other classes and machines are identified (so the caller can skip or report them) but not parsed.
/// </summary>
internal static class ElfReader
{
    const int EhdrSize = 64, PhdrSize = 56, DynSize = 16;
    const uint PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
    const long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14, DT_RPATH = 15,
        DT_RUNPATH = 29, DT_FLAGS_1 = 0x6ffffffb;
    const ulong DF_1_NODEFLIB = 0x800;
    /// <summary>The kernel refuses program header tables over 64 KiB, and interpreter paths over PATH_MAX.</summary>
    const int MaxPhdrTable = 65536, PathMax = 4096;
    const int MaxDynEntries = 1 << 16, MaxNeeded = 4096;

    public static bool HasElfMagic(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && b[0] == 0x7f && b[1] == (byte)'E' && b[2] == (byte)'L' && b[3] == (byte)'F';

    /// <summary>Null when the file does not start with the ELF magic.</summary>
    public static ElfInfo? Read(BoundedFile file)
    {
        byte[] h = file.ReadPrefix(EhdrSize);
        if (!HasElfMagic(h)) return null;
        if (h.Length < 20)
            return new ElfInfo { Class = h.Length > 4 ? h[4] : (byte)0, Problem = "truncated ELF header" };
        byte cls = h[4], data = h[5];
        // e_type and e_machine sit at the same offsets in ELF32 and ELF64 headers.
        ushort type = data == 2 ? BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(16)) : BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(16));
        ushort machine = data == 2 ? BinaryPrimitives.ReadUInt16BigEndian(h.AsSpan(18)) : BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(18));
        var info = new ElfInfo { Class = cls, Data = data, Machine = machine, Type = type };
        if (!info.IsX86_64) return info;
        if (h.Length < EhdrSize) { info.Problem = "truncated ELF header"; return info; }

        var segments = ReadProgramHeaders(file, h, info);
        if (segments == null) return info;
        foreach (var s in segments)
        {
            if (s.Type != PT_INTERP) continue;
            ReadInterpreter(file, s, info);
            break; // the kernel uses the first PT_INTERP
        }
        foreach (var s in segments)
        {
            if (s.Type != PT_DYNAMIC) continue;
            ReadDynamic(file, s, segments, info);
            break; // the loader uses the first PT_DYNAMIC
        }
        return info;
    }

    readonly record struct Segment(uint Type, ulong Offset, ulong VAddr, ulong FileSize);

    static List<Segment>? ReadProgramHeaders(BoundedFile file, byte[] h, ElfInfo info)
    {
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(32));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(54));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(56));
        if (phnum == 0) return [];
        if (phentsize < PhdrSize) { info.Problem = $"program header entries of {phentsize} bytes"; return null; }
        long tableSize = (long)phentsize * phnum;
        if (tableSize > MaxPhdrTable) { info.Problem = "program header table too large"; return null; }
        if (phoff > long.MaxValue || !file.TryRead((long)phoff, tableSize, out var table))
        {
            info.Problem = "program headers lie beyond the end of the file (truncated?)";
            return null;
        }
        var list = new List<Segment>(phnum);
        for (int i = 0; i < phnum; i++)
        {
            var p = table.AsSpan(i * phentsize, PhdrSize);
            list.Add(new Segment(BinaryPrimitives.ReadUInt32LittleEndian(p), BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[16..]), BinaryPrimitives.ReadUInt64LittleEndian(p[32..])));
        }
        return list;
    }

    static void ReadInterpreter(BoundedFile file, Segment s, ElfInfo info)
    {
        // Same checks as the kernel's binfmt_elf: 2..PATH_MAX bytes, NUL-terminated, inside the file.
        if (s.FileSize < 2 || s.FileSize > PathMax || s.Offset > long.MaxValue
            || !file.TryRead((long)s.Offset, (long)s.FileSize, out var bytes) || bytes[^1] != 0)
        {
            info.Problem = "unreadable PT_INTERP (truncated?)";
            return;
        }
        info.Interpreter = CString(bytes, 0);
    }

    static void ReadDynamic(BoundedFile file, Segment s, List<Segment> segments, ElfInfo info)
    {
        ulong size = Math.Min(s.FileSize, (ulong)MaxDynEntries * DynSize);
        size -= size % DynSize;
        if (s.Offset > long.MaxValue || !file.TryRead((long)s.Offset, (long)size, out var dyn))
        {
            info.Problem = "dynamic section lies beyond the end of the file (truncated?)";
            return;
        }
        var needed = new List<ulong>();
        ulong? strtab = null, strsz = null, soname = null, rpath = null, runpath = null;
        for (int off = 0; off + DynSize <= dyn.Length; off += DynSize)
        {
            long tag = BinaryPrimitives.ReadInt64LittleEndian(dyn.AsSpan(off));
            ulong val = BinaryPrimitives.ReadUInt64LittleEndian(dyn.AsSpan(off + 8));
            if (tag == DT_NULL) break;
            switch (tag)
            {
                case DT_NEEDED: if (needed.Count < MaxNeeded) needed.Add(val); break;
                case DT_STRTAB: strtab = val; break;
                case DT_STRSZ: strsz = val; break;
                case DT_SONAME: soname = val; break;
                case DT_RPATH: rpath = val; break;
                case DT_RUNPATH: runpath = val; break;
                case DT_FLAGS_1: info.NoDefaultLib = (val & DF_1_NODEFLIB) != 0; break;
            }
        }
        if (needed.Count == 0 && soname == null && rpath == null && runpath == null) return;
        if (strtab is not { } a || StringTable(file, segments, a, strsz) is not { } strings)
        {
            info.Problem = "the dynamic string table (DT_STRTAB) is missing or lies outside the file";
            return;
        }
        foreach (var n in needed)
            if (TryString(file, strings, n, out var name) && name.Length > 0) info.Needed.Add(name);
            else info.Problem ??= "a DT_NEEDED entry points outside the string table";
        if (soname is { } so && TryString(file, strings, so, out var sn)) info.Soname = sn;
        if (rpath is { } rp && TryString(file, strings, rp, out var r)) info.RPath = r;
        if (runpath is { } rn && TryString(file, strings, rn, out var ru)) info.RunPath = ru;
    }

    /// <summary>Where the dynamic string table lies in the file. DT_STRTAB holds a virtual address; the PT_LOAD segment
    /// containing it says where that is in the file.</summary>
    static (long Offset, long Size)? StringTable(BoundedFile file, List<Segment> segments, ulong vaddr, ulong? strsz)
    {
        foreach (var s in segments)
        {
            if (s.Type != PT_LOAD || vaddr < s.VAddr || vaddr - s.VAddr >= s.FileSize) continue;
            ulong inSegment = vaddr - s.VAddr;
            ulong available = s.FileSize - inSegment;
            ulong size = Math.Min(strsz is { } z && z > 0 ? z : available, Math.Min(available, BoundedFile.MaxRead));
            ulong offset = s.Offset + inSegment;
            if (offset < s.Offset || offset > long.MaxValue) return null; // overflow
            if ((long)size > file.Length - (long)offset) return null;   // truncated file (or offset past its end)
            return ((long)offset, (long)size);
        }
        return null;
    }

    /// <summary>The NUL-terminated string at <paramref name="index"/> of the table. Only the string is read, not the
    /// table: a library's table holds every symbol name (32 KiB for libc) and a start needs two or three strings.</summary>
    static bool TryString(BoundedFile file, (long Offset, long Size) table, ulong index, out string value)
    {
        value = "";
        if (index >= (ulong)table.Size) return false;
        long left = table.Size - (long)index;
        for (long chunk = Math.Min(256, left); ; chunk = Math.Min(chunk * 16, left))
        {
            if (!file.TryRead(table.Offset + (long)index, chunk, out var bytes)) return false;
            int end = Array.IndexOf(bytes, (byte)0);
            if (end >= 0) { value = Encoding.UTF8.GetString(bytes, 0, end); return true; }
            if (chunk == left) return false; // unterminated: the table was cut short
        }
    }

    static string CString(byte[] bytes, int start)
    {
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.UTF8.GetString(bytes, start, (end < 0 ? bytes.Length : end) - start);
    }
}
