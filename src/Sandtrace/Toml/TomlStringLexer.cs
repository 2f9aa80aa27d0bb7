using System.Text;

namespace Sandtrace.Toml;

/// <summary>Reads the four TOML string forms (basic, literal, and their multi-line variants).</summary>
internal static class TomlStringLexer
{
    /// <summary>Reads a string starting at the cursor's quote. Keys pass allowMultiline=false.</summary>
    public static string Read(TomlCursor cur, bool allowMultiline)
    {
        char quote = (char)cur.Peek();
        bool multi = cur.Peek(1) == quote && cur.Peek(2) == quote;
        if (multi && !allowMultiline)
            throw cur.Error("a multi-line string cannot be used as a key");
        var sb = new StringBuilder();
        if (multi)
            ReadMultiLine(cur, quote, sb);
        else
            ReadSingleLine(cur, quote, sb);
        return sb.ToString();
    }

    static void ReadSingleLine(TomlCursor cur, char quote, StringBuilder sb)
    {
        var start = cur.Position;
        cur.Advance();
        while (true)
        {
            int c = cur.Peek();
            if (c == quote)
            {
                cur.Advance();
                return;
            }
            if (c == TomlCursor.End || c == '\n' || (c == '\r' && cur.Peek(1) == '\n'))
                throw cur.Error($"unterminated string (opened at {start}); use ''' or \"\"\" for multi-line text");
            if (c == '\\' && quote == '"')
                ReadEscape(cur, sb, multiLine: false);
            else
                AppendTextChar(cur, sb, "string");
        }
    }

    static void ReadMultiLine(TomlCursor cur, char quote, StringBuilder sb)
    {
        var start = cur.Position;
        cur.Advance(3);
        // A newline right after the opening delimiter is trimmed.
        if (cur.AtNewline)
            cur.ConsumeNewline();
        while (true)
        {
            int c = cur.Peek();
            if (c == TomlCursor.End)
                throw cur.Error($"unterminated multi-line string (opened at {start})");
            if (c == quote)
            {
                // Up to two quotes may sit right before the closing delimiter ("""a"""""), so a run of
                // 3-5 closes the string with the extras as content; 6 or more cannot be split validly.
                int run = 0;
                while (cur.Peek(run) == quote)
                    run++;
                if (run < 3)
                {
                    sb.Append(quote, run);
                    cur.Advance(run);
                    continue;
                }
                if (run > 5)
                    throw cur.Error($"too many {quote} characters in a row inside a multi-line string");
                sb.Append(quote, run - 3);
                cur.Advance(run);
                return;
            }
            if (c == '\\' && quote == '"')
                ReadEscape(cur, sb, multiLine: true);
            else if (c is '\n' or '\r')
            {
                cur.ConsumeNewline();
                sb.Append('\n'); // CRLF is normalized so values do not depend on the editor's line endings
            }
            else
                AppendTextChar(cur, sb, "string");
        }
    }

    static void AppendTextChar(TomlCursor cur, StringBuilder sb, string context)
    {
        int from = cur.Index;
        cur.AdvanceTextChar(context);
        cur.AppendSlice(sb, from, cur.Index);
    }

    static void ReadEscape(TomlCursor cur, StringBuilder sb, bool multiLine)
    {
        var at = cur.Position;
        cur.Advance(); // the backslash
        int c = cur.Peek();
        switch (c)
        {
            case 'b': sb.Append('\b'); cur.Advance(); return;
            case 't': sb.Append('\t'); cur.Advance(); return;
            case 'n': sb.Append('\n'); cur.Advance(); return;
            case 'f': sb.Append('\f'); cur.Advance(); return;
            case 'r': sb.Append('\r'); cur.Advance(); return;
            case '"': sb.Append('"'); cur.Advance(); return;
            case '\\': sb.Append('\\'); cur.Advance(); return;
            case 'u': ReadUnicodeEscape(cur, sb, at, 4); return;
            case 'U': ReadUnicodeEscape(cur, sb, at, 8); return;
        }
        if (multiLine && (c is ' ' or '\t' or '\n' or '\r'))
        {
            // Line-ending backslash: it may be followed by whitespace, but then the line must end; the
            // newline and all whitespace/newlines after it are dropped.
            cur.SkipWhitespace();
            if (!cur.AtNewline)
                throw cur.Error(cur.Peek() == '\r'
                    ? "carriage return must be followed by a line feed"
                    : "a line-ending backslash may only be followed by whitespace up to the end of the line");
            while (cur.Peek() is ' ' or '\t' or '\n' or '\r')
            {
                if (cur.Peek() == '\r')
                    cur.ConsumeNewline();
                else
                    cur.Advance();
            }
            return;
        }
        throw cur.Error(at, c is TomlCursor.End or < 0x20 or 0x7F
            ? $"invalid escape sequence: '\\' followed by {TomlCursor.Describe(c)}"
            : $"invalid escape sequence '\\{(char)c}'");
    }

    static void ReadUnicodeEscape(TomlCursor cur, StringBuilder sb, TomlPosition at, int digits)
    {
        cur.Advance(); // 'u' or 'U'
        int value = 0;
        for (int i = 0; i < digits; i++)
        {
            int d = HexValue(cur.Peek());
            if (d < 0)
                throw cur.Error(at, $"invalid Unicode escape: \\{(digits == 4 ? 'u' : 'U')} needs exactly {digits} hex digits");
            // Eight hex digits can exceed int; anything above 0x10FFFF is invalid anyway, so saturate.
            value = value > 0x10FFFF ? value : value * 16 + d;
            cur.Advance();
        }
        if (!Rune.IsValid(value))
            throw cur.Error(at, $"invalid Unicode escape: U+{value:X} is not a Unicode scalar value");
        sb.Append(new Rune(value).ToString());
    }

    static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
