using System.Buffers;
using System.Text;

namespace Sandtrace.Toml;

/// <summary>Strict UTF-8 decoding: TOML documents must be valid UTF-8, so bad bytes are an error with a
/// position rather than silently becoming U+FFFD.</summary>
internal static class TomlUtf8
{
    public static string Decode(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        int line = 1, column = 1;
        var rest = utf8;
        if (rest.StartsWith("\uFEFF"u8))
            rest = rest[3..]; // a leading BOM takes no column, as in TomlCursor
        while (!rest.IsEmpty)
        {
            // ASCII fast path; Rune decoding for the rest rejects overlongs, surrogates and truncation.
            if (rest[0] < 0x80)
            {
                if (rest[0] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                    column++;
                rest = rest[1..];
                continue;
            }
            if (Rune.DecodeFromUtf8(rest, out _, out int consumed) != OperationStatus.Done)
                throw new TomlException("invalid UTF-8", new TomlPosition(line, column), sourceName);
            column++;
            rest = rest[consumed..];
        }
        return Encoding.UTF8.GetString(utf8);
    }
}
