namespace Sandtrace.Tracing;

/// <summary>One row of a constant table: a kernel value and its C name. Tables are arrays of these so that
/// formatting walks them without allocating.</summary>
internal readonly struct NamedValue(ulong value, string name)
{
    public readonly ulong Value = value;
    public readonly string Name = name;
}
