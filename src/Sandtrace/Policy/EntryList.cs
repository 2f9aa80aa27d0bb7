using System.Collections.Immutable;

namespace Sandtrace.Policy;

/// <summary>
/// One list of a policy being assembled (allow_read, [syscalls] deny…): ordered, without repeats, remembering where
/// each entry came from so a repeat can be reported as a warning that names the first occurrence.
/// </summary>
internal sealed class EntryList(string name)
{
    readonly List<string> _items = [];
    readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public IReadOnlyList<string> Items => _items;

    public bool Contains(string value) => _origins.ContainsKey(value);

    public string? OriginOf(string value) => _origins.GetValueOrDefault(value);

    /// <summary>Adds the value; for a repeat returns the warning to give (the list keeps its first occurrence).</summary>
    /// <param name="shown">The entry as the user wrote it.</param>
    /// <param name="origin">Where it comes from, as a phrase: "at p.toml:3:4", "by profile 'workspace'".</param>
    public string? Add(string value, string shown, string origin)
    {
        if (_origins.TryGetValue(value, out var first))
        {
            string same = shown == value ? $"'{shown}'" : $"'{shown}' ({value})";
            return $"duplicate entry in {Name}: {same} is already listed {first}; remove one";
        }
        _origins.Add(value, origin);
        _items.Add(value);
        return null;
    }

    public void AddAll(IEnumerable<string> values, string origin)
    {
        foreach (var v in values) Add(v, v, origin);
    }

    public ImmutableArray<string> ToImmutableArray() => [.. _items];
}
