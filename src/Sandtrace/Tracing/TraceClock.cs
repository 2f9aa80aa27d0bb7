using System.Diagnostics;

namespace Sandtrace.Tracing;

/// <summary>Monotonic timestamps for the hot path (Stopwatch ticks), converted to UTC only when an event is written.</summary>
internal sealed class TraceClock
{
    readonly long _startStopwatch = Stopwatch.GetTimestamp();
    readonly long _startUtcTicks = DateTime.UtcNow.Ticks;

    public static long Now() => Stopwatch.GetTimestamp();

    public long ToUtcTicks(long stopwatchTicks)
    {
        long d = stopwatchTicks - _startStopwatch;
        long f = Stopwatch.Frequency;
        return _startUtcTicks + d / f * TimeSpan.TicksPerSecond + d % f * TimeSpan.TicksPerSecond / f;
    }

    public static long Micros(long fromTicks, long toTicks) => (toTicks - fromTicks) * 1_000_000 / Stopwatch.Frequency;

    public long ElapsedMs(long nowTicks) => (nowTicks - _startStopwatch) * 1000 / Stopwatch.Frequency;
}
