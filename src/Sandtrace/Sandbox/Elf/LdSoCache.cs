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
    const int MaxFile = BoundedFile.MaxRead;

    // The file is kept and searched per name: a start needs a handful of names (libc.so.6 for /bin/true), and
    // turning all ~800 entries into strings cost ~0.3 ms of every run.
    readonly byte[] _file;
    readonly int _table, _count, _entrySize, _strings;
    readonly Dictionary<string, IReadOnlyList<Entry>> _found = new(StringComparer.Ordinal);

    LdSoCache() : this([], 0, 0, NewEntry, 0) { }

    LdSoCache(byte[] file, int table, int count, int entrySize, int strings) =>
        (_file, _table, _count, _entrySize, _strings) = (file, table, count, entrySize, strings);

    /// <summary>A cached path; <c>IsVariant</c>: a hwcap-specific copy the loader takes only on a capable CPU.</summary>
    public readonly record struct Entry(string Path, bool IsVariant);

    /// <summary>How many names have an accepted entry.</summary>
    public int Count => Entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Every accepted entry in cache order (tests compare them with `ldconfig -p`).</summary>
    public IEnumerable<(string Name, Entry Entry)> Entries
    {
        get
        {
            for (int i = 0; i < _count; i++)
                if (Accepted(i, out uint key, out string? value, out bool variant) && CString(key) is { Length: > 0 } name)
                    yield return (name, new Entry(value!, variant));
        }
    }

    /// <summary>The entries for a DT_NEEDED name, in cache order (a name can have a plain entry and glibc-hwcaps
    /// variants); empty when the cache does not know it.</summary>
    public IReadOnlyList<Entry> Lookup(string name)
    {
        if (_found.TryGetValue(name, out var known)) return known;
        byte[] want = Encoding.UTF8.GetBytes(name);
        List<Entry>? list = null;
        for (int i = 0; i < _count && want.Length > 0; i++)
        {
            if (!KeyIs(i, want) || !Accepted(i, out _, out string? value, out bool variant)) continue;
            list ??= [];
            if (list.Count < 64) list.Add(new Entry(value!, variant));
        }
        return _found[name] = (IReadOnlyList<Entry>?)list ?? [];
    }

    /// <summary>The cache at <paramref name="path"/>; empty (never throws) when it is missing or unreadable.</summary>
    public static LdSoCache Load(string path = DefaultPath)
    {
        try
        {
            // BoundedFile: no hang on a FIFO planted there, and the buffer is not zeroed before the read fills it.
            using var file = BoundedFile.Open(path);
            return file.Length <= MaxFile && file.TryRead(0, file.Length, out var bytes) ? Layout(bytes) : new LdSoCache();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LdSoCache();
        }
    }

    /// <summary>Reads either layout; malformed input gives an empty (or partial) cache, never an exception.</summary>
    public static LdSoCache Parse(ReadOnlySpan<byte> file) => Layout(file.ToArray());

    static LdSoCache Layout(byte[] file)
    {
        if (StartsWith(file, NewMagic)) return New(file, 0);
        if (StartsWith(file, OldMagic) && file.Length >= OldHeader)
        {
            uint nlibs = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
            long oldEnd = OldHeader + (long)nlibs * OldEntry;
            long newStart = (oldEnd + 7) & ~7L; // ALIGN_CACHE: the new header is 8-byte aligned
            if (oldEnd <= file.Length && newStart + NewHeader <= file.Length && StartsWith(file.AsSpan((int)newStart), NewMagic))
                return New(file, (int)newStart);
            if (oldEnd <= file.Length)
                return new LdSoCache(file, OldHeader, (int)nlibs, OldEntry, (int)oldEnd);  // strings follow the old table
        }
        return new LdSoCache();
    }

    /// <summary>New format: offsets of key and value strings count from the start of the new header.</summary>
    static LdSoCache New(byte[] file, int start)
    {
        var c = file.AsSpan(start);
        if (c.Length < NewHeader) return new LdSoCache();
        uint nlibs = BinaryPrimitives.ReadUInt32LittleEndian(c[20..]);
        // Endianness flag: 0 = unknown (older ldconfig), 2 = little; 1 (invalid) and 3 (big) are refused by the loader.
        int endian = c[28] & 3;
        if (endian != 0 && endian != 2) return new LdSoCache();
        long count = Math.Min(nlibs, (c.Length - NewHeader) / NewEntry);
        return new LdSoCache(file, start + NewHeader, (int)count, NewEntry, start);
    }

    /// <summary>Entry <paramref name="i"/> is one the x86-64 loader accepts, with an absolute path. In the new
    /// format, hwcap ≠ 0 marks a glibc-hwcaps (DL_CACHE_HWCAP_EXTENSION) or legacy-hwcap copy: whether the loader
    /// takes it depends on the CPU, so it is kept as a variant next to the plain entry.</summary>
    bool Accepted(int i, out uint key, out string? value, out bool variant)
    {
        var e = _file.AsSpan(_table + i * _entrySize, _entrySize);
        key = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
        variant = _entrySize == NewEntry && BinaryPrimitives.ReadUInt64LittleEndian(e[16..]) != 0;
        value = null;
        if (BinaryPrimitives.ReadInt32LittleEndian(e) != FlagsX8664Libc6) return false;
        value = CString(BinaryPrimitives.ReadUInt32LittleEndian(e[8..]));
        return value is ['/', ..];
    }

    bool KeyIs(int i, ReadOnlySpan<byte> name)
    {
        uint key = BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan(_table + i * _entrySize + 4));
        long at = _strings + (long)key;
        if (key >= (uint)(_file.Length - _strings) || at + name.Length >= _file.Length) return false;
        var s = _file.AsSpan((int)at, name.Length + 1);
        return s[^1] == 0 && s[..^1].SequenceEqual(name);
    }

    string? CString(uint offset)
    {
        if (offset >= (uint)(_file.Length - _strings)) return null;
        var rest = _file.AsSpan(_strings + (int)offset);
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
