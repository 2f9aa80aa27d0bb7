namespace Sandtrace.Toml;

/// <summary>
/// Reads an unquoted scalar (boolean, number, date/time) at the cursor. It first takes the whole run of
/// characters such a literal can contain, then decides what the run is; this way "1x", "truex" or
/// "2001-02-03x" fail as one bad literal instead of a literal followed by junk.
/// </summary>
internal static class TomlScalarLexer
{
    public static TomlValue Read(TomlCursor cur)
    {
        var at = cur.Position;
        int start = cur.Index;
        SkipLiteralChars(cur);
        // A date and a time may be separated by one space: take the time too when it follows a full date.
        if (cur.Index - start == 10 && IsDate(cur.Slice(start, cur.Index)) && cur.Peek() == ' '
            && IsDigit(cur.Peek(1)) && IsDigit(cur.Peek(2)) && cur.Peek(3) == ':')
        {
            cur.Advance();
            SkipLiteralChars(cur);
        }
        string text = cur.Slice(start, cur.Index);
        if (text.Length == 0)
            throw cur.Error($"expected a value, found {cur.DescribeNext()}");

        switch (text)
        {
            case "true": return new TomlBoolean(true, at);
            case "false": return new TomlBoolean(false, at);
        }
        if (LooksLikeDateTime(text))
            return new TomlDateTimeValue(TomlDateTimeParser.Parse(text, at, cur.SourceName), at);
        if (IsDigit(text[0]) || text[0] is '+' or '-' || text.EndsWith("inf", StringComparison.Ordinal)
            || text.EndsWith("nan", StringComparison.Ordinal))
            return TomlNumberParser.Parse(text, at, cur.SourceName);
        throw cur.Error(at, $"invalid value '{text}' (strings must be quoted)");
    }

    static void SkipLiteralChars(TomlCursor cur)
    {
        while (cur.Peek() is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')
               or '_' or '+' or '-' or '.' or ':')
            cur.Advance();
    }

    static bool IsDigit(int c) => c is >= '0' and <= '9';

    static bool IsDate(string s) =>
        s.Length == 10 && s[4] == '-' && s[7] == '-' && s.Where((c, i) => i is not 4 and not 7).All(c => IsDigit(c));

    // Numbers never have a digit run followed by '-' or ':', dates and times always do.
    static bool LooksLikeDateTime(string s)
    {
        int i = 0;
        while (i < s.Length && IsDigit(s[i]))
            i++;
        return i > 0 && i < s.Length && s[i] is '-' or ':';
    }
}
