using System.Text;

namespace Sandtrace.Tracing;

/// <summary>The kind of one decoded argument; it decides how sinks render it.</summary>
internal enum ArgKind : byte
{
    /// <summary>An integer (fd, size, pid, mode shown in decimal).</summary>
    Number,
    /// <summary>Text from the tracee (a path, a hostname): JSON string, quoted on the console.</summary>
    String,
    /// <summary>A symbolic value made by the decoder ("O_RDONLY|O_CLOEXEC", "AT_FDCWD", "0644", "AF_INET"):
    /// JSON string, unquoted on the console.</summary>
    Symbol,
    /// <summary>A list of strings from the tracee (execve argv): JSON array of strings.</summary>
    StringList,
}

/// <summary>
/// The decoded arguments of one syscall: a small list of (name, kind, value) entries whose text lives in one
/// reusable UTF-8 buffer. Owned by the tracer thread and reset for every syscall, so decoding allocates nothing.
/// Names must be string literals (interned), never built per call.
/// </summary>
internal sealed class DecodedArgs
{
    internal struct Entry
    {
        public string Name;
        public ArgKind Kind;
        public long Number;      // ArgKind.Number
        public int Start;        // String/Symbol: byte range in Text; StringList: range of items in Items
        public int Length;
        public bool Truncated;   // String: the tracee's text was longer than we read
    }

    internal struct ListItem { public int Start; public int Length; public bool Truncated; }

    public const int MaxStringBytes = 4096;
    const int MaxEntries = 12;
    const int MaxItems = 256;

    readonly Entry[] _entries = new Entry[MaxEntries];
    readonly ListItem[] _items = new ListItem[MaxItems];
    // Unzeroed: only ranges written for the current event are read, and most events use a few hundred bytes of it
    // (zeroing faulted in all 16 pages on every start).
    byte[] _text = GC.AllocateUninitializedArray<byte>(64 * 1024);
    int _textLen, _itemCount;

    /// <summary>Whether an argument of this name holds a path the call names (what the summary lists as touched and
    /// the denial classifier checks).</summary>
    public static bool IsPathName(string name) => name is "path" or "oldpath" or "newpath" or "linkpath" or "pathname" or "filename";

    public int Count { get; private set; }
    public ref readonly Entry this[int i] => ref _entries[i];
    public ReadOnlySpan<byte> TextOf(in Entry e) => _text.AsSpan(e.Start, e.Length);
    public ReadOnlySpan<ListItem> ItemsOf(in Entry e) => _items.AsSpan(e.Start, e.Length);
    public ReadOnlySpan<byte> TextOf(in ListItem it) => _text.AsSpan(it.Start, it.Length);

    public void Reset() { Count = 0; _textLen = 0; _itemCount = 0; }

    public void AddNumber(string name, long value)
    {
        if (Count == MaxEntries) return;
        _entries[Count++] = new Entry { Name = name, Kind = ArgKind.Number, Number = value };
    }

    public void AddSymbol(string name, ReadOnlySpan<byte> ascii) => AddText(name, ArgKind.Symbol, ascii, false);
    public void AddSymbol(string name, string ascii)
    {
        if (Count == MaxEntries) return;
        Span<byte> tmp = stackalloc byte[Math.Min(ascii.Length, 512)];
        int n = Encoding.ASCII.GetBytes(ascii.AsSpan(0, tmp.Length), tmp);
        AddText(name, ArgKind.Symbol, tmp[..n], false);
    }

    /// <summary>Starts a symbol written in place (e.g. "O_RDONLY|O_CLOEXEC"): append with the returned writer,
    /// then call <see cref="EndSymbol"/>.</summary>
    public SymbolWriter BeginSymbol(string name) => new(this, name, _textLen);

    public void AddString(string name, ReadOnlySpan<byte> utf8, bool truncated = false) =>
        AddText(name, ArgKind.String, utf8, truncated);

    /// <summary>Space the caller may fill with a tracee string before committing it with <see cref="CommitString"/>;
    /// avoids a copy when reading straight from the tracee.</summary>
    public Span<byte> StringSpace()
    {
        EnsureText(MaxStringBytes);
        return _text.AsSpan(_textLen, MaxStringBytes);
    }

    public void CommitString(string name, int length, bool truncated)
    {
        if (Count == MaxEntries) return;
        _entries[Count++] = new Entry { Name = name, Kind = ArgKind.String, Start = _textLen, Length = length, Truncated = truncated };
        _textLen += length;
    }

    /// <summary>Begins a string list; add items with <see cref="StringSpace"/> + <see cref="CommitItem"/>.</summary>
    public void BeginList(string name)
    {
        if (Count == MaxEntries) return;
        _entries[Count++] = new Entry { Name = name, Kind = ArgKind.StringList, Start = _itemCount, Length = 0 };
    }

    /// <summary>Adds the bytes just written into <see cref="StringSpace"/> as the next item of the open list.
    /// Returns false when the list is full (the caller stops and may mark it truncated).</summary>
    public bool CommitItem(int length, bool truncated)
    {
        if (Count == 0 || _itemCount == MaxItems) return false;
        ref Entry e = ref _entries[Count - 1];
        if (e.Kind != ArgKind.StringList) return false;
        _items[_itemCount++] = new ListItem { Start = _textLen, Length = length, Truncated = truncated };
        _textLen += length;
        e.Length++;
        return true;
    }

    /// <summary>Marks the open list as cut short (more items existed than were read).</summary>
    public void MarkListTruncated()
    {
        if (Count > 0 && _entries[Count - 1].Kind == ArgKind.StringList) _entries[Count - 1].Truncated = true;
    }

    void AddText(string name, ArgKind kind, ReadOnlySpan<byte> bytes, bool truncated)
    {
        if (Count == MaxEntries) return;
        EnsureText(bytes.Length);
        bytes.CopyTo(_text.AsSpan(_textLen));
        _entries[Count++] = new Entry { Name = name, Kind = kind, Start = _textLen, Length = bytes.Length, Truncated = truncated };
        _textLen += bytes.Length;
    }

    void EnsureText(int more)
    {
        if (_textLen + more <= _text.Length) return;
        // Grows only for unusually large argument sets; the buffer is kept for the next syscall.
        Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLen + more));
    }

    internal void AppendSymbolByte(byte b) { EnsureText(1); _text[_textLen++] = b; }
    internal void AppendSymbolAscii(string s) { EnsureText(s.Length); foreach (char c in s) _text[_textLen++] = (byte)c; }
    internal void EndSymbol(string name, int start)
    {
        if (Count == MaxEntries) { _textLen = start; return; }
        _entries[Count++] = new Entry { Name = name, Kind = ArgKind.Symbol, Start = start, Length = _textLen - start };
    }

    /// <summary>Writes a symbolic value in place, without allocating.</summary>
    internal readonly ref struct SymbolWriter
    {
        readonly DecodedArgs _owner;
        readonly string _name;
        readonly int _start;
        internal SymbolWriter(DecodedArgs owner, string name, int start) { _owner = owner; _name = name; _start = start; }
        public void Append(string ascii) => _owner.AppendSymbolAscii(ascii);
        public void Append(char c) => _owner.AppendSymbolByte((byte)c);
        /// <summary>Appends an unsigned number in the given base (8, 10 or 16; 16 is written with "0x").</summary>
        public void AppendNumber(ulong v, int radix = 10)
        {
            if (radix == 16) { Append('0'); Append('x'); }
            else if (radix == 8 && v != 0) Append('0');
            Span<byte> tmp = stackalloc byte[24];
            int n = 0;
            do { int d = (int)(v % (ulong)radix); tmp[n++] = (byte)(d < 10 ? '0' + d : 'a' + d - 10); v /= (ulong)radix; } while (v != 0);
            while (n > 0) _owner.AppendSymbolByte(tmp[--n]);
        }
        public void AppendSigned(long v)
        {
            if (v < 0) { Append('-'); AppendNumber((ulong)(-(v + 1)) + 1); }
            else AppendNumber((ulong)v);
        }
        public void End() => _owner.EndSymbol(_name, _start);
    }
}
