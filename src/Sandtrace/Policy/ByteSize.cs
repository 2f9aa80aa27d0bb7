using System.Globalization;

namespace Sandtrace.Policy;

/// <summary>
/// Sizes in [limits] (`memory`, `max_file_size`): an integer number of bytes, or a string of digits with one unit —
/// K, M, G or T (powers of 1024; "KiB", "MiB"… accepted as the same), case-insensitive: "64K", "512M", "2G". Decimal
/// "GB" is refused rather than guessed at, since it could mean 10⁹ or 2³⁰.
/// </summary>
internal static class ByteSize
{
    public static bool TryParse(string s, out long bytes, out string? problem)
    {
        bytes = 0;
        problem = null;
        string t = s.Trim();
        int digits = 0;
        while (digits < t.Length && char.IsAsciiDigit(t[digits])) digits++;
        string unit = t[digits..].Trim();
        if (digits == 0 || !long.TryParse(t.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            problem = digits == 0 ? $"'{s}' is not a size" : $"'{s}' is too large";
            return false;
        }
        int shift = unit.ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" or "KIB" => 10,
            "M" or "MIB" => 20,
            "G" or "GIB" => 30,
            "T" or "TIB" => 40,
            _ => -1,
        };
        if (shift < 0)
        {
            problem = $"'{s}' has an unknown unit '{unit}' (K, M, G or T, powers of 1024; whole numbers only)";
            return false;
        }
        if (n > (long.MaxValue >> shift))
        {
            problem = $"'{s}' is too large";
            return false;
        }
        bytes = n << shift;
        return true;
    }

    /// <summary>"512 MiB" for messages and the policy dump: the largest unit that divides the value exactly.</summary>
    public static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
        int u = 0;
        while (u < units.Length - 1 && bytes != 0 && bytes % 1024 == 0) { bytes /= 1024; u++; }
        return bytes.ToString(CultureInfo.InvariantCulture) + " " + units[u];
    }
}
