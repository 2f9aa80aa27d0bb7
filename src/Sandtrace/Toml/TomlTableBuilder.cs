namespace Sandtrace.Toml;

/// <summary>
/// Places keys and tables into the document and enforces TOML's rules against defining anything twice:
/// <list type="bullet">
/// <item>a [header] may define a table once; a table that so far only exists as a parent of another header
///   (Implicit) may still be defined, but one created by dotted keys may not;</item>
/// <item>dotted keys may create and extend tables made by dotted keys, but not enter a table defined by a
///   [header] or [[header]], nor any array;</item>
/// <item>inline tables and value arrays are complete once written: nothing may be added to them later;</item>
/// <item>[[header]] appends only to arrays made by [[header]].</item>
/// </list>
/// </summary>
internal sealed class TomlTableBuilder(TomlTable root, TomlCursor cursor)
{
    /// <summary>[a.b.c]: returns the table that following key/value pairs go into.</summary>
    public TomlTable DefineTable(TomlKey key, TomlPosition headerAt)
    {
        var parent = WalkHeaderPath(key);
        var last = key.Last;
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            var table = new TomlTable(headerAt, TomlTableOrigin.Header);
            parent.Add(last.Name, last.Position, table);
            return table;
        }
        string name = key.ToString();
        switch (existing)
        {
            case TomlTable { Origin: TomlTableOrigin.Implicit } table:
                table.Origin = TomlTableOrigin.Header;
                table.Position = headerAt;
                parent.SetKeyPosition(last.Name, last.Position);
                return table;
            case TomlTable { Origin: TomlTableOrigin.DottedKey }:
                throw cursor.Error(last.Position, $"table '{name}' is already defined by dotted keys");
            case TomlTable { Origin: TomlTableOrigin.Inline }:
                throw cursor.Error(last.Position, $"table '{name}' is already defined as an inline table");
            case TomlTable:
                throw cursor.Error(last.Position, $"table '{name}' is defined more than once");
            case TomlArray { IsArrayOfTables: true }:
                throw cursor.Error(last.Position, $"'{name}' is already defined as an array of tables");
            default:
                throw AlreadyValue(null, key, key.Segments.Count, existing);
        }
    }

    /// <summary>[[a.b.c]]: appends a new table to the array and returns it.</summary>
    public TomlTable AppendArrayTable(TomlKey key, TomlPosition headerAt)
    {
        var parent = WalkHeaderPath(key);
        var last = key.Last;
        var element = new TomlTable(headerAt, TomlTableOrigin.ArrayElement);
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            var array = new TomlArray(headerAt, isArrayOfTables: true);
            array.Add(element);
            parent.Add(last.Name, last.Position, array);
            return element;
        }
        string name = key.ToString();
        switch (existing)
        {
            case TomlArray { IsArrayOfTables: true } array:
                array.Add(element);
                return element;
            case TomlArray:
                throw cursor.Error(last.Position, $"cannot append to '{name}': it is an array value, not an array of tables");
            case TomlTable:
                throw cursor.Error(last.Position, $"'{name}' is already defined as a table, not an array of tables");
            default:
                throw AlreadyValue(null, key, key.Segments.Count, existing);
        }
    }

    /// <summary>key = value inside <paramref name="table"/>: the current section, named <paramref name="section"/>
    /// in messages (null for the root), or an inline table being built.</summary>
    public void Assign(TomlTable table, TomlKey key, TomlValue value, string? section)
    {
        var segments = key.Segments;
        for (int i = 0; i < segments.Count - 1; i++)
        {
            var seg = segments[i];
            if (!table.TryGetValue(seg.Name, out var existing))
            {
                var child = new TomlTable(seg.Position, TomlTableOrigin.DottedKey);
                table.Add(seg.Name, seg.Position, child);
                table = child;
                continue;
            }
            switch (existing)
            {
                case TomlTable { Origin: TomlTableOrigin.DottedKey } child:
                    table = child;
                    break;
                case TomlTable { Origin: TomlTableOrigin.Implicit } child:
                    // Dotted keys define the table; a later [header] for it would define it twice.
                    child.Origin = TomlTableOrigin.DottedKey;
                    table = child;
                    break;
                case TomlTable { Origin: TomlTableOrigin.Inline }:
                    throw cursor.Error(seg.Position, $"cannot add keys to inline table '{Name(section, key, i + 1)}'");
                case TomlTable:
                    throw cursor.Error(seg.Position,
                        $"cannot add keys to table '{Name(section, key, i + 1)}' with dotted keys: it is defined by a header");
                default:
                    throw AlreadyValue(section, key, i + 1, existing);
            }
        }
        var last = key.Last;
        if (table.ContainsKey(last.Name))
            throw cursor.Error(last.Position, $"duplicate key '{Name(section, key, segments.Count)}'");
        table.Add(last.Name, last.Position, value);
    }

    /// <summary>Walks a header's parent path, creating Implicit tables and entering the newest table
    /// of arrays of tables, as [a.b] after [[a]] means the last element of a.</summary>
    TomlTable WalkHeaderPath(TomlKey key)
    {
        var table = root;
        var segments = key.Segments;
        for (int i = 0; i < segments.Count - 1; i++)
        {
            var seg = segments[i];
            if (!table.TryGetValue(seg.Name, out var existing))
            {
                var child = new TomlTable(seg.Position, TomlTableOrigin.Implicit);
                table.Add(seg.Name, seg.Position, child);
                table = child;
                continue;
            }
            switch (existing)
            {
                case TomlTable { Origin: TomlTableOrigin.Inline }:
                    throw cursor.Error(seg.Position, $"cannot add tables to inline table '{key.Display(i + 1)}'");
                case TomlTable child:
                    table = child;
                    break;
                case TomlArray { IsArrayOfTables: true } array:
                    table = (TomlTable)array[^1];
                    break;
                case TomlArray:
                    throw cursor.Error(seg.Position, $"cannot add tables to '{key.Display(i + 1)}': it is an array value");
                default:
                    throw AlreadyValue(null, key, i + 1, existing);
            }
        }
        return table;
    }

    TomlException AlreadyValue(string? section, TomlKey key, int count, TomlValue existing) =>
        cursor.Error(key.Segments[count - 1].Position,
            $"key '{Name(section, key, count)}' is already defined as {Article(existing.TypeName)} {existing.TypeName}");

    // Messages name keys in full (a.b.c), not relative to the [section] they were written in.
    static string Name(string? section, TomlKey key, int count) =>
        section is null ? key.Display(count) : $"{section}.{key.Display(count)}";

    static string Article(string noun) => noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";
}
