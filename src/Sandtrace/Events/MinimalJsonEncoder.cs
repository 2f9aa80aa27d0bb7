using System.Text;
using System.Text.Encodings.Web;

namespace Sandtrace.Events;

/// <summary>
/// Escapes only what JSON requires (RFC 8259: the quote, the backslash, control characters below U+0020) and writes
/// everything else as UTF-8, like JavaScriptEncoder.UnsafeRelaxedJsonEscaping — whose static setup (a table of every
/// allowed Unicode range) cost ~0.1 ms of every run. Ill-formed UTF-8 or UTF-16 is reported as needing encoding, and
/// the base class then writes U+FFFD for it, so the output is always valid JSON in valid UTF-8.
/// </summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static readonly MinimalJsonEncoder Instance = new();

    MinimalJsonEncoder() { }

    public override int MaxOutputCharactersPerInputCharacter => 6;   // \u001f

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar is '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            char c = text[i];
            if (c < 0x20 || c is '"' or '\\') return i;
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            return i;   // a lone surrogate
        }
        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        for (int i = 0; i < utf8Text.Length;)
        {
            byte b = utf8Text[i];
            if (b < 0x80)
            {
                if (b < 0x20 || b is (byte)'"' or (byte)'\\') return i;
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf8(utf8Text[i..], out _, out int n) != System.Buffers.OperationStatus.Done) return i;
            i += n;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        string? escape = unicodeScalar switch
        {
            '"' => "\\\"", '\\' => "\\\\", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
            _ => null,
        };
        numberOfCharactersWritten = 0;
        if (escape != null)
        {
            if (!escape.AsSpan().TryCopyTo(output)) return false;
            numberOfCharactersWritten = escape.Length;
            return true;
        }
        if (unicodeScalar < 0x20)
        {
            if (bufferLength < 6) return false;
            "\\u00".CopyTo(output);
            output[4] = "0123456789ABCDEF"[unicodeScalar >> 4];
            output[5] = "0123456789ABCDEF"[unicodeScalar & 0xF];
            numberOfCharactersWritten = 6;
            return true;
        }
        // Not one this encoder escapes (the base class asks for U+FFFD in place of ill-formed input): as is.
        if (!Rune.IsValid(unicodeScalar) || !new Rune(unicodeScalar).TryEncodeToUtf16(output, out int n)) return false;
        numberOfCharactersWritten = n;
        return true;
    }
}
