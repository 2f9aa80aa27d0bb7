using System.Buffers.Binary;

namespace Sandtrace.Tracing;

/// <summary>
/// One syscall being decoded (raw arguments, result, tracee memory, output buffer) plus helpers that append
/// typed entries. A ref struct so the argument span is carried without copying; passed by <c>in</c>.
/// Every read of tracee memory goes through here and tolerates failure, so decoders never throw on a bad
/// pointer: an unreadable pointer is shown as its hex value instead.
/// </summary>
internal readonly ref struct DecodeContext
{
    /// <summary>Linux returns -4095..-1 for errors (MAX_ERRNO); any other value is a result.</summary>
    const ulong FirstErrorReturn = unchecked((ulong)-4095L);
    const int AtFdcwd = -100;

    readonly ReadOnlySpan<ulong> _args;
    public readonly DecodedArgs Into;
    public readonly ITraceeMemory Mem;
    public readonly int Pid;
    public readonly long Ret;
    public readonly bool HasReturn;

    public DecodeContext(ReadOnlySpan<ulong> args, long ret, bool hasReturn, int pid, ITraceeMemory mem, DecodedArgs into)
    {
        _args = args;
        Ret = ret;
        HasReturn = hasReturn;
        Pid = pid;
        Mem = mem;
        Into = into;
    }

    /// <summary>Raw argument <paramref name="i"/>; 0 when the caller captured fewer.</summary>
    public ulong Arg(int i) => (uint)i < (uint)_args.Length ? _args[i] : 0;

    /// <summary>An int-typed argument: the kernel looks only at the low 32 bits of the register.</summary>
    public int Int(int i) => (int)Arg(i);

    public uint UInt(int i) => (uint)Arg(i);

    /// <summary>The call returned and did not fail, so output buffers hold results.</summary>
    public bool Succeeded => HasReturn && (ulong)Ret < FirstErrorReturn;

    // ---- Numbers -------------------------------------------------------------------------------------------

    /// <summary>An int argument (fd, pid, uid...), sign-extended so -1 reads as -1.</summary>
    public void AddInt(string name, int i) => Into.AddNumber(name, Int(i));

    public void AddUInt(string name, int i) => Into.AddNumber(name, UInt(i));

    /// <summary>A long-sized argument (size_t, off_t, long).</summary>
    public void AddLong(string name, int i) => Into.AddNumber(name, (long)Arg(i));

    // ---- Symbols -------------------------------------------------------------------------------------------

    /// <summary>A directory fd of an *at call: AT_FDCWD by name, otherwise the number.</summary>
    public void AddDirFd(string name, int i)
    {
        int fd = Int(i);
        if (fd == AtFdcwd) Into.AddSymbol(name, "AT_FDCWD");
        else Into.AddNumber(name, fd);
    }

    /// <summary>An address: "NULL" or "0x7ffd...".</summary>
    public void AddPointer(string name, ulong addr)
    {
        if (addr == 0) { Into.AddSymbol(name, "NULL"); return; }
        AddHex(name, addr);
    }

    public void AddHex(string name, ulong value)
    {
        DecodedArgs.SymbolWriter w = Into.BeginSymbol(name);
        w.AppendNumber(value, 16);
        w.End();
    }

    /// <summary>A permission mode such as "0644".</summary>
    public void AddOctal(string name, ulong value)
    {
        DecodedArgs.SymbolWriter w = Into.BeginSymbol(name);
        w.AppendNumber(value, 8);
        w.End();
    }

    /// <summary>A flag set such as "O_CREAT|O_EXCL"; unknown bits as a hex remainder, 0 as "0".</summary>
    public void AddFlags(string name, ReadOnlySpan<NamedValue> table, ulong value)
    {
        DecodedArgs.SymbolWriter w = Into.BeginSymbol(name);
        SymbolFormat.AppendFlagsOrZero(w, table, value);
        w.End();
    }

    /// <summary>One value from a table such as "SEEK_SET"; unknown values as a number.</summary>
    public void AddEnum(string name, ReadOnlySpan<NamedValue> table, ulong value, bool hex = false)
    {
        DecodedArgs.SymbolWriter w = Into.BeginSymbol(name);
        SymbolFormat.AppendEnum(w, table, value, hex);
        w.End();
    }

    public void AddSignal(string name, int sig) => Into.AddSymbol(name, SignalNames.Get(sig));

    // ---- Tracee memory -------------------------------------------------------------------------------------

    /// <summary>A NUL-terminated string such as a path, read straight into the output buffer. NULL pointers read
    /// "NULL"; unreadable ones are shown as the pointer.</summary>
    public void AddPath(string name, ulong addr) => AddCString(name, addr, DecodedArgs.MaxStringBytes);

    /// <summary>A NUL-terminated string of at most <paramref name="maxLength"/> bytes (e.g. a 16-byte task name).</summary>
    public void AddCString(string name, ulong addr, int maxLength)
    {
        if (addr == 0) { Into.AddSymbol(name, "NULL"); return; }
        Span<byte> space = Into.StringSpace();
        if (maxLength < space.Length) space = space[..Math.Max(maxLength, 0)];
        int n = Mem.ReadCString(Pid, addr, space, out bool truncated);
        if (n < 0) { AddHex(name, addr); return; }
        Into.CommitString(name, Math.Min(n, space.Length), truncated);
    }

    /// <summary>Text of a known length that is not NUL-terminated (readlink's result, sethostname's name).</summary>
    public void AddText(string name, ulong addr, long length)
    {
        if (addr == 0) { Into.AddSymbol(name, "NULL"); return; }
        Span<byte> space = Into.StringSpace();
        int want = (int)Math.Clamp(length, 0, space.Length);
        int n = want == 0 ? 0 : Mem.Read(Pid, addr, space[..want]);
        if (n < 0) { AddHex(name, addr); return; }
        n = Math.Min(n, want);
        Into.CommitString(name, n, length > n);
    }

    /// <summary>Fills <paramref name="dst"/> from the tracee; false unless every byte was read.</summary>
    public bool Read(ulong addr, Span<byte> dst) => addr != 0 && Mem.Read(Pid, addr, dst) == dst.Length;

    public bool ReadInt32(ulong addr, out int value)
    {
        Span<byte> buf = stackalloc byte[4];
        bool ok = Read(addr, buf);
        value = ok ? BinaryPrimitives.ReadInt32LittleEndian(buf) : 0;
        return ok;
    }

    public bool ReadUInt64(ulong addr, out ulong value)
    {
        Span<byte> buf = stackalloc byte[8];
        bool ok = Read(addr, buf);
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(buf) : 0;
        return ok;
    }
}
