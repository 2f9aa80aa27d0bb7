using System.Globalization;

namespace Sandtrace.Toml;

/// <summary>
/// Reads the source one UTF-16 unit at a time and tracks the line and column of the next character.
/// It also owns the lexical rules shared by every context: whitespace, newlines, comments and which
/// characters are allowed in free text.
/// </summary>
internal sealed class TomlCursor
{
    public const int End = -1;

    readonly string _text;
    int _index;
    int _line = 1;
    int _column = 1;

    public TomlCursor(string text, string? sourceName)
    {
        _text = text;
        SourceName = sourceName;
        // One byte-order mark may open the document; it is not part of the content and takes no column.
        if (text.Length > 0 && text[0] == '\uFEFF')
            _index = 1;
    }

    public string? SourceName { get; }
    public TomlPosition Position => new(_line, _column);
    public int Index => _index;
    public bool AtEnd => _index >= _text.Length;

    /// <summary>The character <paramref name="offset"/> ahead, or <see cref="End"/>.</summary>
    public int Peek(int offset = 0)
    {
        int i = _index + offset;
        return i < _text.Length ? _text[i] : End;
    }

    public void Advance()
    {
        char c = _text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (!char.IsLowSurrogate(c)) // the pair's second half is the same column
            _column++;
    }

    public void Advance(int count)
    {
        for (int i = 0; i < count; i++)
            Advance();
    }

    public bool Match(char c)
    {
        if (Peek() != c)
            return false;
        Advance();
        return true;
    }

    public bool LookingAt(string s) => string.CompareOrdinal(_text, _index, s, 0, s.Length) == 0;

    public string Slice(int start, int end) => _text.Substring(start, end - start);

    public void AppendSlice(System.Text.StringBuilder sb, int start, int end) => sb.Append(_text, start, end - start);

    public TomlException Error(string reason) => new(reason, Position, SourceName);
    public TomlException Error(TomlPosition position, string reason) => new(reason, position, SourceName);

    public bool AtNewline => Peek() == '\n' || (Peek() == '\r' && Peek(1) == '\n');

    public void SkipWhitespace()
    {
        while (Peek() is ' ' or '\t')
            Advance();
    }

    /// <summary>Consumes LF or CRLF. A CR on its own is not a newline in TOML.</summary>
    public void ConsumeNewline()
    {
        if (Peek() == '\r')
        {
            if (Peek(1) != '\n')
                throw Error("carriage return must be followed by a line feed");
            Advance();
        }
        Advance();
    }

    /// <summary>Skips a comment if one starts here, checking its characters.</summary>
    public void SkipComment()
    {
        if (Peek() != '#')
            return;
        Advance();
        while (!AtEnd && !AtNewline)
            AdvanceTextChar("comment");
    }

    /// <summary>Whitespace, comments and newlines: what may separate array elements.</summary>
    public void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '#')
                SkipComment();
            else if (Peek() is '\n' or '\r')
                ConsumeNewline();
            else
                return;
        }
    }

    /// <summary>After a key/value pair or header only a comment may follow before the line ends.</summary>
    public void ExpectLineEnd(string after)
    {
        SkipWhitespace();
        SkipComment();
        if (AtEnd)
            return;
        if (Peek() is '\n' or '\r')
        {
            ConsumeNewline();
            return;
        }
        throw Error($"unexpected {DescribeNext()} after {after}; expected a newline or comment");
    }

    /// <summary>
    /// Consumes one character of free text (comment or string body) after checking it: control characters
    /// other than tab are forbidden, and a surrogate must be half of a valid pair (a .NET string can hold
    /// lone halves that no UTF-8 document could).
    /// </summary>
    public void AdvanceTextChar(string context)
    {
        int c = Peek();
        if (c is < 0x20 and not '\t' or 0x7F)
            throw Error($"control character {Describe(c)} is not allowed in a {context}");
        if (char.IsHighSurrogate((char)c))
        {
            if (!char.IsLowSurrogate((char)Peek(1)))
                throw Error("invalid Unicode: unpaired surrogate");
            Advance();
        }
        else if (char.IsLowSurrogate((char)c))
            throw Error("invalid Unicode: unpaired surrogate");
        Advance();
    }

    /// <summary>The next character (a whole surrogate pair if there is one) as shown in messages.</summary>
    public string DescribeNext()
    {
        int c = Peek();
        if (char.IsHighSurrogate((char)c) && char.IsLowSurrogate((char)Peek(1)))
            c = char.ConvertToUtf32((char)c, (char)Peek(1));
        return Describe(c);
    }

    /// <summary>A code point as shown in messages.</summary>
    public static string Describe(int c) => c switch
    {
        End => "end of file",
        '\n' => "end of line",
        '\r' => "carriage return",
        '\t' => "tab",
        '\'' => "\"'\"",
        < 0x20 or 0x7F => $"U+{c:X4}",
        < 0x80 => $"'{(char)c}'",
        > 0xFFFF => $"'{char.ConvertFromUtf32(c)}' (U+{c:X4})",
        _ => IsVisible((char)c) ? $"'{(char)c}' (U+{c:X4})" : $"U+{c:X4}",
    };

    // Invisible characters (a stray byte-order mark, an ideographic space) are shown only by code point.
    static bool IsVisible(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
