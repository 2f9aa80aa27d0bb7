using System.Buffers.Binary;
using System.Text;

namespace Sandtrace.Sandbox;

/// <summary>
/// /etc/ld.so.cache as glibc's loader reads it (elf/dl-cache.c). Two layouts exist: the new format alone
/// ("glibc-ld.so.cache1.1" header, 24-byte entries, string offsets relative to that header), or — from older
/// ldconfig versions — the old "ld.so-1.7.0" table (12-byte entries) followed, 8-byte aligned, by the new one.
/// The loader prefers the new table when present, and so do we. Only entries the x86-64 loader accepts are kept.
/// </summary>
internal sealed class LdSoCache
{
    public const string DefaultPath = "/etc/ld.so.cache";
    const string OldMagic = "ld.so-1.7.0", NewMagic = "glibc-ld.so.cache1.1";
    const int OldHeader = 16, OldEntry = 12, NewHeader = 48, NewEntry = 24;
    /// <summary>FLAG_ELF_LIBC6 | FLAG_X8664_LIB64. The x86-64 loader's _dl_cache_check_flags accepts exactly this
    /// value; entries for i386 (0x0003) or x32 (0x0803) libraries in the same cache are not for us.</summary>
    public const int FlagsX8664Libc6 = 0x0303;
    const int MaxFile = 64 << 20;

    /// <summary>Name → paths in cache order; a name can have a plain entry and glibc-hwcaps variants.</summary>
    readonly Dictionary<string, List<Entry>> _byName = new(StringComparer.Ordinal);

    /// <summary>A cached path; <c>IsVariant</c>: a hwcap-specific copy the loader takes only on a capable CPU.</summary>
    public readonly record struct Entry(string Path, bool IsVariant);

    public int Count => _byName.Count;

    /// <summary>Every accepted entry, by name (tests compare them with `ldconfig -p`).</summary>
    public IEnumerable<(string Name, Entry Entry)> Entries => _byName.SelectMany(kv => kv.Value.Select(e => (kv.Key, e)));

    /// <summary>The entries for a DT_NEEDED name; empty when the cache does not know it.</summary>
    public IReadOnlyList<Entry> Lookup(string name) => _byName.TryGetValue(name, out var l) ? l : [];

    /// <summary>The cache at <paramref name="path"/>; empty (never throws) when it is missing or unreadable.</summary>
    public static LdSoCache Load(string path = DefaultPath)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxFile) return new LdSoCache();
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LdSoCache();
        }
    }

    /// <summary>Parses either layout; malformed input gives an empty (or partial) cache, never an exception.</summary>
    public static LdSoCache Parse(ReadOnlySpan<byte> file)
    {
        var cache = new LdSoCache();
        if (StartsWith(file, NewMagic))
        {
            cache.ReadNew(file);
        }
        else if (StartsWith(file, OldMagic) && file.Length >= OldHeader)
        {
            uint nlibs = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]);
            long oldEnd = OldHeader + (long)nlibs * OldEntry;
            long newStart = (oldEnd + 7) & ~7L; // ALIGN_CACHE: the new header is 8-byte aligned
            if (oldEnd <= file.Length && newStart + NewHeader <= file.Length && StartsWith(file[(int)newStart..], NewMagic))
                cache.ReadNew(file[(int)newStart..]);
            else if (oldEnd <= file.Length)
                cache.ReadOld(file, (int)nlibs, (int)oldEnd);
        }
        return cache;
    }

    /// <summary>New format: offsets of key and value strings count from the start of the new header.</summary>
    void ReadNew(ReadOnlySpan<byte> c)
    {
        if (c.Length < NewHeader) return;
        uint nlibs = BinaryPrimitives.ReadUInt32LittleEndian(c[20..]);
        // Endianness flag: 0 = unknown (older ldconfig), 2 = little; 1 (invalid) and 3 (big) are refused by the loader.
        int endian = c[28] & 3;
        if (endian != 0 && endian != 2) return;
        long count = Math.Min(nlibs, (c.Length - NewHeader) / NewEntry);
        for (int i = 0; i < count; i++)
        {
            var e = c.Slice(NewHeader + i * NewEntry, NewEntry);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(e);
            uint key = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            ulong hwcap = BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            // hwcap ≠ 0: a glibc-hwcaps (DL_CACHE_HWCAP_EXTENSION) or legacy-hwcap copy; whether the loader takes
            // it depends on the CPU, so it is kept as a variant next to the plain entry.
            Add(flags, CString(c, key), CString(c, value), hwcap != 0);
        }
    }

    /// <summary>Old format: string offsets count from the end of the entry table.</summary>
    void ReadOld(ReadOnlySpan<byte> c, int nlibs, int stringsStart)
    {
        var strings = c[stringsStart..];
        for (int i = 0; i < nlibs; i++)
        {
            var e = c.Slice(OldHeader + i * OldEntry, OldEntry);
            Add(BinaryPrimitives.ReadInt32LittleEndian(e), CString(strings, BinaryPrimitives.ReadUInt32LittleEndian(e[4..])),
                CString(strings, BinaryPrimitives.ReadUInt32LittleEndian(e[8..])), false);
        }
    }

    void Add(int flags, string? key, string? value, bool variant)
    {
        if (flags != FlagsX8664Libc6) return;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(value) || value[0] != '/') return;
        if (!_byName.TryGetValue(key, out var list)) _byName[key] = list = [];
        if (list.Count < 64) list.Add(new Entry(value, variant));
    }

    static string? CString(ReadOnlySpan<byte> s, uint offset)
    {
        if (offset >= (uint)s.Length) return null;
        var rest = s[(int)offset..];
        int nul = rest.IndexOf((byte)0);
        return nul < 0 ? null : Encoding.UTF8.GetString(rest[..nul]);
    }

    static bool StartsWith(ReadOnlySpan<byte> s, string ascii)
    {
        if (s.Length < ascii.Length) return false;
        for (int i = 0; i < ascii.Length; i++) if (s[i] != ascii[i]) return false;
        return true;
    }
}
