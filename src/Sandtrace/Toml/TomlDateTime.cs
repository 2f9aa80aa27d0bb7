using System.Globalization;
using System.Text;

namespace Sandtrace.Toml;

/// <summary>
/// A TOML date/time in any of its four forms, kept as its components rather than a .NET type because
/// TOML allows what .NET types cannot hold: second 60 (leap second), 9 fractional digits, year 0000.
/// The Has* properties say which parts exist: offset date-time = date + time + offset, local date-time =
/// date + time, local date = date only, local time = time only.
/// </summary>
public readonly record struct TomlDateTime
{
    internal TomlDateTime(
        bool hasDate, int year, int month, int day,
        bool hasTime, int hour, int minute, int second, int nanosecond, int fractionDigits,
        int? offsetMinutes, bool zulu)
    {
        HasDate = hasDate; Year = year; Month = month; Day = day;
        HasTime = hasTime; Hour = hour; Minute = minute; Second = second;
        Nanosecond = nanosecond; FractionDigits = fractionDigits;
        OffsetMinutes = offsetMinutes; _zulu = zulu;
    }

    readonly bool _zulu; // written as "Z" rather than "+00:00"; only affects ToString

    public bool HasDate { get; }
    public bool HasTime { get; }
    public bool HasOffset => OffsetMinutes.HasValue;
    public int Year { get; }
    public int Month { get; }
    public int Day { get; }
    public int Hour { get; }
    public int Minute { get; }
    /// <summary>0-60; 60 is a leap second.</summary>
    public int Second { get; }
    /// <summary>Fractional second in nanoseconds (digits beyond 9 are truncated, as TOML permits).</summary>
    public int Nanosecond { get; }
    /// <summary>How many fractional digits were written (0-9), so ToString echoes the source precision.</summary>
    public int FractionDigits { get; }
    /// <summary>UTC offset in minutes for offset date-times, else null.</summary>
    public int? OffsetMinutes { get; }

    public TomlValueKind Kind =>
        !HasTime ? TomlValueKind.LocalDate
        : !HasDate ? TomlValueKind.LocalTime
        : HasOffset ? TomlValueKind.OffsetDateTime
        : TomlValueKind.LocalDateTime;

    /// <summary>RFC 3339 text: 'T' separator, "Z" or "+hh:mm", fraction with the digits written.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(35);
        var inv = CultureInfo.InvariantCulture;
        if (HasDate)
            sb.Append(inv, $"{Year:D4}-{Month:D2}-{Day:D2}");
        if (HasDate && HasTime)
            sb.Append('T');
        if (HasTime)
        {
            sb.Append(inv, $"{Hour:D2}:{Minute:D2}:{Second:D2}");
            if (FractionDigits > 0)
            {
                int scaled = Nanosecond;
                for (int i = FractionDigits; i < 9; i++)
                    scaled /= 10;
                sb.Append('.').Append(scaled.ToString(inv).PadLeft(FractionDigits, '0'));
            }
        }
        if (OffsetMinutes is int offset)
        {
            if (_zulu)
                sb.Append('Z');
            else
            {
                int abs = Math.Abs(offset);
                sb.Append(offset < 0 ? '-' : '+').Append(inv, $"{abs / 60:D2}:{abs % 60:D2}");
            }
        }
        return sb.ToString();
    }

    // A leap second (60) rolls over into the next minute: .NET types have no second 60.
    public DateTimeOffset ToDateTimeOffset()
    {
        Require(TomlValueKind.OffsetDateTime);
        var offset = TimeSpan.FromMinutes(OffsetMinutes!.Value);
        return new DateTimeOffset(Year, Month, Day, Hour, Minute, Math.Min(Second, 59), offset)
            .AddTicks(Nanosecond / 100 + (Second == 60 ? TimeSpan.TicksPerSecond : 0));
    }

    public DateTime ToDateTime()
    {
        Require(TomlValueKind.LocalDateTime);
        return new DateTime(Year, Month, Day, Hour, Minute, Math.Min(Second, 59), DateTimeKind.Unspecified)
            .AddTicks(Nanosecond / 100 + (Second == 60 ? TimeSpan.TicksPerSecond : 0));
    }

    public DateOnly ToDateOnly()
    {
        Require(TomlValueKind.LocalDate);
        return new DateOnly(Year, Month, Day);
    }

    public TimeOnly ToTimeOnly()
    {
        Require(TomlValueKind.LocalTime);
        return new TimeOnly(Hour, Minute, Math.Min(Second, 59))
            .Add(TimeSpan.FromTicks(Nanosecond / 100 + (Second == 60 ? TimeSpan.TicksPerSecond : 0)));
    }

    void Require(TomlValueKind kind)
    {
        if (Kind != kind)
            throw new InvalidOperationException(
                $"a {TomlValue.Describe(Kind)} cannot be converted as a {TomlValue.Describe(kind)}");
    }
}
