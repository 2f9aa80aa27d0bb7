using System.Buffers.Binary;

namespace Sandtrace.Tracing;

/// <summary>Writes IPv4 and IPv6 addresses in the text form inet_ntop(3) produces (RFC 5952 for IPv6, with an
/// embedded IPv4 tail for v4-mapped and v4-compatible addresses), without allocating.</summary>
internal static class InetFormat
{
    public static void AppendIPv4(DecodedArgs.SymbolWriter w, ReadOnlySpan<byte> a)
    {
        for (int i = 0; i < 4; i++)
        {
            if (i > 0) w.Append('.');
            w.AppendNumber(a[i]);
        }
    }

    /// <summary>Appends a 16-byte IPv6 address: lowercase hex groups without leading zeros, the longest run of
    /// two or more zero groups (the first, on a tie) replaced by "::".</summary>
    public static void AppendIPv6(DecodedArgs.SymbolWriter w, ReadOnlySpan<byte> a)
    {
        Span<ushort> g = stackalloc ushort[8];
        for (int i = 0; i < 8; i++) g[i] = BinaryPrimitives.ReadUInt16BigEndian(a[(2 * i)..]);

        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8;)
        {
            if (g[i] != 0) { i++; continue; }
            int start = i;
            while (i < 8 && g[i] == 0) i++;
            if (i - start > bestLen) { bestStart = start; bestLen = i - start; }
        }
        if (bestLen < 2) bestStart = -1;

        for (int i = 0; i < 8; i++)
        {
            if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLen)
            {
                if (i == bestStart) w.Append(':');
                continue;
            }
            if (i > 0) w.Append(':');
            // ::a.b.c.d (v4-compatible) and ::ffff:a.b.c.d (v4-mapped), as inet_ntop writes them.
            if (i == 6 && bestStart == 0 && (bestLen == 6 || (bestLen == 5 && g[5] == 0xffff)))
            {
                AppendIPv4(w, a[12..]);
                return;
            }
            AppendHexDigits(w, g[i]);
        }
        if (bestStart >= 0 && bestStart + bestLen == 8) w.Append(':');
    }

    static void AppendHexDigits(DecodedArgs.SymbolWriter w, ushort v)
    {
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int d = (v >> shift) & 0xf;
            if (d == 0 && !started && shift > 0) continue;
            started = true;
            w.Append((char)(d < 10 ? '0' + d : 'a' + d - 10));
        }
    }
}
