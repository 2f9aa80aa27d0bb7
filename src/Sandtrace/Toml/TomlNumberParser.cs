using System.Globalization;

namespace Sandtrace.Toml;

/// <summary>Parses integer and float literals, enforcing TOML's digit, sign, prefix and underscore rules.</summary>
internal static class TomlNumberParser
{
    public static TomlValue Parse(string text, TomlPosition at, string? source)
    {
        int signLength = text[0] is '+' or '-' ? 1 : 0;
        string body = text[signLength..];
        switch (body)
        {
            case "inf": return new TomlFloat(text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity, text, at);
            case "nan": return new TomlFloat(text[0] == '-' ? -double.NaN : double.NaN, text, at);
        }
        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (signLength > 0)
                throw Fail(text, at, source, "a sign is not allowed on hexadecimal, octal or binary integers");
            int radix = body[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            return new TomlInteger(ParsePrefixed(text, body[2..], radix, at, source), at);
        }
        if (body.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            return ParseFloat(text, body, at, source);
        return new TomlInteger(ParseDecimal(text, body, text[0] == '-', at, source), at);
    }

    static long ParseDecimal(string text, string body, bool negative, TomlPosition at, string? source)
    {
        CheckDigits(text, body, 10, at, source, "integer");
        if (body.Length > 1 && body[0] == '0')
            throw Fail(text, at, source, "leading zeros are not allowed");
        // Accumulate negatively so long.MinValue, whose magnitude has no positive long, parses too.
        long value = 0;
        foreach (char c in body)
        {
            if (c == '_')
                continue;
            int d = c - '0';
            if (value < (long.MinValue + d) / 10)
                throw Fail(text, at, source, "integer does not fit in 64 bits");
            value = value * 10 - d;
        }
        if (!negative)
        {
            if (value == long.MinValue)
                throw Fail(text, at, source, "integer does not fit in 64 bits");
            value = -value;
        }
        return value;
    }

    static long ParsePrefixed(string text, string digits, int radix, TomlPosition at, string? source)
    {
        CheckDigits(text, digits, radix, at, source, "integer");
        ulong value = 0;
        foreach (char c in digits)
        {
            if (c == '_')
                continue;
            ulong d = (ulong)DigitValue(c);
            if (value > (long.MaxValue - d) / (ulong)radix)
                throw Fail(text, at, source, "integer does not fit in 64 bits");
            value = value * (ulong)radix + d;
        }
        return (long)value;
    }

    // float = [sign] int-part ( frac [exp] / exp ); the integer part follows decimal-integer rules,
    // the fraction and exponent digits may have leading zeros.
    static TomlFloat ParseFloat(string text, string body, TomlPosition at, string? source)
    {
        int exp = body.AsSpan().IndexOfAny('e', 'E');
        int dot = body.IndexOf('.');
        string intPart = body[..(dot >= 0 ? dot : exp)];
        if (dot >= 0 && exp >= 0 && dot > exp)
            throw Fail(text, at, source, "the exponent of a float must be an integer");
        CheckDigits(text, intPart, 10, at, source, "float");
        if (intPart.Length > 1 && intPart[0] == '0')
            throw Fail(text, at, source, "leading zeros are not allowed");
        if (dot >= 0)
        {
            string frac = body[(dot + 1)..(exp >= 0 ? exp : body.Length)];
            if (frac.Length == 0)
                throw Fail(text, at, source, "a decimal point must be followed by digits");
            CheckDigits(text, frac, 10, at, source, "float");
        }
        if (exp >= 0)
        {
            string e = body[(exp + 1)..];
            if (e.Length > 0 && e[0] is '+' or '-')
                e = e[1..];
            if (e.Length == 0)
                throw Fail(text, at, source, "an exponent must have digits");
            CheckDigits(text, e, 10, at, source, "float");
        }
        double value = double.Parse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        return new TomlFloat(value, text, at);
    }

    /// <summary>Digits of the radix with single underscores only between digits.</summary>
    static void CheckDigits(string text, string digits, int radix, TomlPosition at, string? source, string what)
    {
        if (digits.Length == 0)
            throw Fail(text, at, source, $"invalid {what}: missing digits");
        for (int i = 0; i < digits.Length; i++)
        {
            char c = digits[i];
            if (c == '_')
            {
                if (i == 0 || i == digits.Length - 1 || digits[i + 1] == '_')
                    throw Fail(text, at, source, "an underscore must be between two digits");
                continue;
            }
            int d = DigitValue(c);
            if (d < 0 || d >= radix)
                throw Fail(text, at, source, $"invalid {what}");
        }
    }

    // Hex digits may be upper or lower case; everything else is not a digit.
    static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    static TomlException Fail(string text, TomlPosition at, string? source, string reason) =>
        new($"{reason}: '{text}'", at, source);
}
