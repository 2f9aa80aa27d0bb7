namespace Sandtrace.Events;

/// <summary>Formats DateTime ticks (UTC) as RFC 3339 with microseconds ("2025-01-01T12:00:00.123456Z") into a
/// byte span, without allocating.</summary>
internal static class Rfc3339
{
    public const int Length = 27;

    public static void Format(long utcTicks, Span<byte> dst)
    {
        var t = new DateTime(utcTicks, DateTimeKind.Utc);
        Digits(dst[0..4], t.Year); dst[4] = (byte)'-';
        Digits(dst[5..7], t.Month); dst[7] = (byte)'-';
        Digits(dst[8..10], t.Day); dst[10] = (byte)'T';
        Digits(dst[11..13], t.Hour); dst[13] = (byte)':';
        Digits(dst[14..16], t.Minute); dst[16] = (byte)':';
        Digits(dst[17..19], t.Second); dst[19] = (byte)'.';
        Digits(dst[20..26], (int)(utcTicks % TimeSpan.TicksPerSecond / 10));
        dst[26] = (byte)'Z';
    }

    static void Digits(Span<byte> dst, int v)
    {
        for (int i = dst.Length - 1; i >= 0; i--) { dst[i] = (byte)('0' + v % 10); v /= 10; }
    }
}
