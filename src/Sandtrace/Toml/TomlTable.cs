using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sandtrace.Toml;

/// <summary>A table: keys in document order, each with its value and the key's own position.</summary>
public sealed class TomlTable : TomlValue, IReadOnlyCollection<TomlTableEntry>
{
    // A list keeps document order; the dictionary indexes it. Keys are never removed.
    readonly List<TomlTableEntry> _entries = [];
    readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    internal TomlTable(TomlPosition position, TomlTableOrigin origin) : base(position) => Origin = origin;

    public TomlTableOrigin Origin { get; internal set; }
    public override TomlValueKind Kind => TomlValueKind.Table;
    public int Count => _entries.Count;
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public TomlValue this[string key] =>
        _index.TryGetValue(key, out int i) ? _entries[i].Value : throw new KeyNotFoundException($"no key '{key}'");

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [NotNullWhen(true)] out TomlValue? value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _entries[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    public bool TryGetEntry(string key, out TomlTableEntry entry)
    {
        if (_index.TryGetValue(key, out int i))
        {
            entry = _entries[i];
            return true;
        }
        entry = default;
        return false;
    }

    internal void Add(string key, TomlPosition keyPosition, TomlValue value)
    {
        _index.Add(key, _entries.Count);
        _entries.Add(new TomlTableEntry(key, keyPosition, value));
    }

    /// <summary>An implicit table defined later by its own [header] is "written" there, not at its first mention.</summary>
    internal void SetKeyPosition(string key, TomlPosition keyPosition)
    {
        int i = _index[key];
        _entries[i] = _entries[i] with { KeyPosition = keyPosition };
    }

    public List<TomlTableEntry>.Enumerator GetEnumerator() => _entries.GetEnumerator();
    IEnumerator<TomlTableEntry> IEnumerable<TomlTableEntry>.GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();
}
