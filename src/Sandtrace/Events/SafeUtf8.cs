using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Sandtrace.Events;

/// <summary>
/// Tracee text (paths, argv) is arbitrary bytes. Valid UTF-8 passes through untouched; each byte of an invalid
/// sequence is shown as the four characters \xNN (as strace does), so nothing is silently replaced.
/// </summary>
internal static class SafeUtf8
{
    /// <summary>Returns <paramref name="text"/> itself when valid, else an escaped copy in <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<byte> Sanitize(ReadOnlySpan<byte> text, ref byte[] scratch)
    {
        if (Utf8.IsValid(text)) return text;
        if (scratch.Length < text.Length * 4) scratch = new byte[text.Length * 4];
        int o = 0;
        while (!text.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(text, out _, out int used);
            if (status == OperationStatus.Done)
            {
                text[..used].CopyTo(scratch.AsSpan(o));
                o += used;
            }
            else
            {
                used = 1;
                byte b = text[0];
                scratch[o++] = (byte)'\\'; scratch[o++] = (byte)'x';
                scratch[o++] = Hex(b >> 4); scratch[o++] = Hex(b & 15);
            }
            text = text[used..];
        }
        return scratch.AsSpan(0, o);
    }

    static byte Hex(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);
}
