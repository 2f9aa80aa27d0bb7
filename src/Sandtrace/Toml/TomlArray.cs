using System.Collections;

namespace Sandtrace.Toml;

/// <summary>An array. TOML 1.0 allows mixed element types.</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    readonly List<TomlValue> _items = [];

    internal TomlArray(TomlPosition position, bool isArrayOfTables) : base(position) =>
        IsArrayOfTables = isArrayOfTables;

    /// <summary>True when built by [[header]] sections. Only such arrays may be appended to by later
    /// headers; an array written as a value ("a = [ ... ]") is complete once written.</summary>
    public bool IsArrayOfTables { get; }

    public override TomlValueKind Kind => TomlValueKind.Array;
    public int Count => _items.Count;
    public TomlValue this[int index] => _items[index];

    internal void Add(TomlValue value) => _items.Add(value);

    public List<TomlValue>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<TomlValue> IEnumerable<TomlValue>.GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
