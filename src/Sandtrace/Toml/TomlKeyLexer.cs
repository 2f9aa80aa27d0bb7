namespace Sandtrace.Toml;

/// <summary>Reads keys: bare, quoted, or dotted with optional whitespace around the dots.</summary>
internal static class TomlKeyLexer
{
    /// <summary>Reads a key at the cursor and the whitespace after it.</summary>
    public static TomlKey Read(TomlCursor cur)
    {
        var segments = new List<TomlKeySegment>(2);
        while (true)
        {
            var at = cur.Position;
            int c = cur.Peek();
            string name;
            if (c is '"' or '\'')
                name = TomlStringLexer.Read(cur, allowMultiline: false);
            else if (TomlKey.IsBareKeyChar(c))
            {
                int start = cur.Index;
                while (TomlKey.IsBareKeyChar(cur.Peek()))
                    cur.Advance();
                name = cur.Slice(start, cur.Index);
            }
            else if (segments.Count > 0)
                throw cur.Error($"expected a key after '.', found {cur.DescribeNext()}");
            else
                throw cur.Error($"expected a key, found {cur.DescribeNext()}");
            segments.Add(new TomlKeySegment(name, at));
            cur.SkipWhitespace();
            if (!cur.Match('.'))
                return new TomlKey(segments);
            cur.SkipWhitespace();
        }
    }
}
