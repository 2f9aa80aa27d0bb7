using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sandtrace.Tests.Toml;

/// <summary>
/// Compares two toml-test tagged JSON documents the way toml-test does: structure and types exactly,
/// integers and floats by value (nan equals nan), date/times by the moment or wall time they denote
/// (so "56.6Z" equals "56.600Z", and offset date-times equal when they are the same instant).
/// </summary>
internal static partial class TaggedJsonComparer
{
    public static void Compare(JsonElement expected, JsonElement actual, string path, List<string> diffs)
    {
        if (IsTagged(expected) || IsTagged(actual))
        {
            if (!IsTagged(expected) || !IsTagged(actual))
                diffs.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
            else
                CompareTagged(expected, actual, path, diffs);
            return;
        }
        if (expected.ValueKind != actual.ValueKind)
        {
            diffs.Add($"{path}: expected a JSON {expected.ValueKind}, got {actual.ValueKind}: {actual.GetRawText()}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var want = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var have = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (var (key, value) in want)
                {
                    if (have.TryGetValue(key, out var other))
                        Compare(value, other, $"{path}.{key}", diffs);
                    else
                        diffs.Add($"{path}: missing key '{key}'");
                }
                foreach (var key in have.Keys.Where(k => !want.ContainsKey(k)))
                    diffs.Add($"{path}: unexpected key '{key}'");
                break;
            case JsonValueKind.Array:
                int wantCount = expected.GetArrayLength(), haveCount = actual.GetArrayLength();
                if (wantCount != haveCount)
                {
                    diffs.Add($"{path}: expected {wantCount} array elements, got {haveCount}");
                    return;
                }
                for (int i = 0; i < wantCount; i++)
                    Compare(expected[i], actual[i], $"{path}[{i}]", diffs);
                break;
            default:
                diffs.Add($"{path}: unexpected bare JSON value {expected.GetRawText()}");
                break;
        }
    }

    // A scalar is an object with exactly the string members "type" and "value"; a TOML table with keys
    // "type" and "value" renders their values as objects, so it cannot be mistaken for one.
    static bool IsTagged(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object
        && e.EnumerateObject().Count() == 2
        && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
        && e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String;

    static void CompareTagged(JsonElement expected, JsonElement actual, string path, List<string> diffs)
    {
        string type = expected.GetProperty("type").GetString()!;
        string actualType = actual.GetProperty("type").GetString()!;
        string want = expected.GetProperty("value").GetString()!;
        string have = actual.GetProperty("value").GetString()!;
        if (type != actualType)
        {
            diffs.Add($"{path}: expected type {type} ({want}), got {actualType} ({have})");
            return;
        }
        bool equal = type switch
        {
            "integer" => long.Parse(want, CultureInfo.InvariantCulture) == long.Parse(have, CultureInfo.InvariantCulture),
            "float" => SameFloat(ParseFloat(want), ParseFloat(have)),
            "datetime" or "datetime-local" or "date-local" or "time-local" => DateTimeKey(type, want) == DateTimeKey(type, have),
            "string" or "bool" => want == have,
            _ => throw new InvalidOperationException($"unknown toml-test type '{type}' at {path}"),
        };
        if (!equal)
            diffs.Add($"{path}: expected {type} {Quote(want)}, got {Quote(have)}");
    }

    static string Quote(string s) => JsonSerializerEscape(s);

    static string JsonSerializerEscape(string s)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            writer.WriteStringValue(s);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    static double ParseFloat(string s) => s switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    // NaN equals NaN here; otherwise values and the sign of zero must match.
    static bool SameFloat(double a, double b) =>
        double.IsNaN(a) ? double.IsNaN(b) : a == b && double.IsNegative(a) == double.IsNegative(b);

    /// <summary>
    /// Reduces a date/time to comparable numbers, parsed independently of the parser under test: offset
    /// date-times to the UTC instant, local ones to their fields; the fraction to nanoseconds.
    /// </summary>
    static (long Seconds, long Nanos) DateTimeKey(string type, string text)
    {
        var m = DateTimeRegex().Match(text);
        if (!m.Success)
            throw new FormatException($"not a date/time: '{text}'");
        bool hasDate = m.Groups["y"].Success, hasTime = m.Groups["h"].Success, hasOffset = m.Groups["off"].Success;
        bool shapeOk = type switch
        {
            "datetime" => hasDate && hasTime && hasOffset,
            "datetime-local" => hasDate && hasTime && !hasOffset,
            "date-local" => hasDate && !hasTime && !hasOffset,
            _ => !hasDate && hasTime && !hasOffset,
        };
        if (!shapeOk)
            return (long.MinValue, 0); // compares unequal to any well-formed value
        long seconds = 0;
        if (hasDate)
            seconds = DaysFromCivil(Int(m, "y"), Int(m, "mo"), Int(m, "d")) * 86400L;
        long nanos = 0;
        if (hasTime)
        {
            seconds += Int(m, "h") * 3600L + Int(m, "mi") * 60L + Int(m, "s");
            string frac = m.Groups["f"].Value;
            if (frac.Length > 0)
                nanos = long.Parse(frac.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        }
        string off = m.Groups["off"].Value;
        if (off.Length > 1)
        {
            int minutes = int.Parse(off[1..3], CultureInfo.InvariantCulture) * 60 + int.Parse(off[4..6], CultureInfo.InvariantCulture);
            seconds -= (off[0] == '-' ? -minutes : minutes) * 60L;
        }
        return (seconds, nanos);
    }

    static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    [GeneratedRegex(@"^(?:(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}))?(?:[Tt ]?(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<f>\d+))?)?(?<off>[Zz]|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DateTimeRegex();
}
