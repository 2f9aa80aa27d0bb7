namespace Sandtrace.Tracing;

/// <summary>Writes table-driven symbolic values ("O_RDONLY|O_CLOEXEC", "SEEK_SET", "0644") into a symbol
/// being built in a <see cref="DecodedArgs"/>, without allocating.</summary>
internal static class SymbolFormat
{
    /// <summary>Appends every table entry whose bits are all set in <paramref name="value"/>, joined by '|', then
    /// any bits no entry explains as one hex number. Entries are tried in table order, so tables list multi-bit
    /// values before their parts. Returns whether anything was written (false only for a value of 0).</summary>
    public static bool AppendFlags(DecodedArgs.SymbolWriter w, ReadOnlySpan<NamedValue> table, ulong value, bool separate)
    {
        foreach (ref readonly NamedValue e in table)
        {
            if (e.Value == 0 || (value & e.Value) != e.Value) continue;
            if (separate) w.Append('|');
            w.Append(e.Name);
            separate = true;
            value &= ~e.Value;
        }
        if (value != 0)
        {
            if (separate) w.Append('|');
            w.AppendNumber(value, 16);
            separate = true;
        }
        return separate;
    }

    /// <summary>Appends a flag set, or "0" when no bit is set.</summary>
    public static void AppendFlagsOrZero(DecodedArgs.SymbolWriter w, ReadOnlySpan<NamedValue> table, ulong value)
    {
        if (!AppendFlags(w, table, value, false)) w.Append('0');
    }

    /// <summary>The name of the first entry equal to <paramref name="value"/>, or null.</summary>
    public static string? Find(ReadOnlySpan<NamedValue> table, ulong value)
    {
        foreach (ref readonly NamedValue e in table)
            if (e.Value == value) return e.Name;
        return null;
    }

    /// <summary>Appends the name of <paramref name="value"/>, or the number itself (decimal, or hex when
    /// <paramref name="hex"/>) when the table has no such entry.</summary>
    public static void AppendEnum(DecodedArgs.SymbolWriter w, ReadOnlySpan<NamedValue> table, ulong value, bool hex = false)
    {
        string? name = Find(table, value);
        if (name != null) w.Append(name);
        else w.AppendNumber(value, hex ? 16 : 10);
    }
}
