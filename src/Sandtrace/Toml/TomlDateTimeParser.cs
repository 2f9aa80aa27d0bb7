namespace Sandtrace.Toml;

/// <summary>
/// Parses the RFC 3339 subset TOML uses: full-date, partial-time (HH:MM:SS[.frac], seconds required in
/// TOML 1.0), and their combination with 'T', 't' or ' ' between and an optional Z/z or ±HH:MM offset.
/// Ranges are checked, including the month's length in leap years; second 60 is accepted (leap second).
/// </summary>
internal static class TomlDateTimeParser
{
    public static TomlDateTime Parse(string text, TomlPosition at, string? source)
    {
        var p = new Reader(text, at, source);
        // The scalar lexer only sends digit runs followed by '-' (a date) or ':' (a time).
        if (text[text.AsSpan().IndexOfAnyExceptInRange('0', '9')] == ':')
        {
            p.Time(out int h, out int mi, out int s, out int ns, out int fd);
            p.ExpectEnd();
            return new TomlDateTime(false, 0, 0, 0, true, h, mi, s, ns, fd, null, false);
        }

        p.Date(out int year, out int month, out int day);
        if (p.AtEnd)
            return new TomlDateTime(true, year, month, day, false, 0, 0, 0, 0, 0, null, false);
        if (p.Next is not ('T' or 't' or ' '))
            throw p.Fail("expected 'T' or a space between date and time");
        p.Skip();
        p.Time(out int hour, out int minute, out int second, out int nanos, out int digits);
        if (p.AtEnd)
            return new TomlDateTime(true, year, month, day, true, hour, minute, second, nanos, digits, null, false);

        int offset;
        bool zulu = p.Next is 'Z' or 'z';
        if (zulu)
        {
            p.Skip();
            offset = 0;
        }
        else if (p.Next is '+' or '-')
        {
            int sign = p.Next == '-' ? -1 : 1;
            p.Skip();
            int oh = p.Digits(2, "offset hour");
            p.Expect(':');
            int om = p.Digits(2, "offset minute");
            if (oh > 23 || om > 59)
                throw p.Fail("offset out of range");
            offset = sign * (oh * 60 + om);
        }
        else
            throw p.Fail("expected 'Z' or an offset like +01:00 after the time");
        p.ExpectEnd();
        return new TomlDateTime(true, year, month, day, true, hour, minute, second, nanos, digits, offset, zulu);
    }

    public static int DaysInMonth(int year, int month) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>A cursor over the literal; all failures name the whole literal.</summary>
    struct Reader(string text, TomlPosition at, string? source)
    {
        int _i;

        public readonly bool AtEnd => _i >= text.Length;
        public readonly char Next => _i < text.Length ? text[_i] : '\0';
        public void Skip() => _i++;

        public void Expect(char c)
        {
            if (Next != c)
                throw Fail($"expected '{c}'");
            _i++;
        }

        public void ExpectEnd()
        {
            if (!AtEnd)
                throw Fail($"unexpected '{Next}'");
        }

        public int Digits(int count, string what)
        {
            int value = 0;
            for (int k = 0; k < count; k++)
            {
                if (Next is < '0' or > '9')
                    throw Fail($"{what} must have exactly {count} digits");
                value = value * 10 + (Next - '0');
                _i++;
            }
            return value;
        }

        public void Date(out int year, out int month, out int day)
        {
            year = Digits(4, "year");
            Expect('-');
            month = Digits(2, "month");
            Expect('-');
            day = Digits(2, "day");
            if (month is < 1 or > 12)
                throw Fail("month out of range");
            if (day < 1 || day > DaysInMonth(year, month))
                throw Fail("day out of range for the month");
        }

        public void Time(out int hour, out int minute, out int second, out int nanos, out int digits)
        {
            hour = Digits(2, "hour");
            Expect(':');
            minute = Digits(2, "minute");
            Expect(':');
            second = Digits(2, "second");
            if (hour > 23 || minute > 59 || second > 60)
                throw Fail("time out of range");
            nanos = 0;
            digits = 0;
            if (Next != '.')
                return;
            _i++;
            int n = 0;
            while (Next is >= '0' and <= '9')
            {
                // Digits past nanoseconds are dropped: TOML allows truncating precision we cannot keep.
                if (n < 9)
                    nanos = nanos * 10 + (Next - '0');
                n++;
                _i++;
            }
            if (n == 0)
                throw Fail("a decimal point in a time must be followed by digits");
            digits = Math.Min(n, 9);
            for (int k = digits; k < 9; k++)
                nanos *= 10;
        }

        public readonly TomlException Fail(string reason) => new($"invalid date/time '{text}': {reason}", at, source);
    }
}
