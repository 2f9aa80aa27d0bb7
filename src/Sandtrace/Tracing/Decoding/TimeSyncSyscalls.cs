using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes futex and the clock/timer calls that name a clock (clock_*, timer_create) plus alarm.</summary>
internal static class TimeSyncSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case futex:
                c.AddPointer("uaddr", c.Arg(0));
                AddFutexOp(c, c.UInt(1));
                c.AddInt("val", 2);
                return true;
            case clock_gettime:
            case clock_settime:
            case clock_getres:
            case clock_adjtime:
            case timer_create:
                ClockArgs.AddClockId(c, "clockid", c.Int(0));
                return true;
            case clock_nanosleep:
                ClockArgs.AddClockId(c, "clockid", c.Int(0));
                c.AddInt("flags", 1);   // TIMER_ABSTIME or 0
                return true;
            case alarm:
                c.AddUInt("seconds", 0);
                return true;
            default:
                return false;
        }
    }

    /// <summary>futex op: the command by name, then FUTEX_PRIVATE_FLAG / FUTEX_CLOCK_REALTIME
    /// ("FUTEX_WAIT|FUTEX_PRIVATE_FLAG", which glibc's FUTEX_WAIT_PRIVATE expands to).</summary>
    static void AddFutexOp(in DecodeContext c, uint op)
    {
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("op");
        SymbolFormat.AppendEnum(w, ProcessConstants.FutexCommands, op & ProcessConstants.FUTEX_CMD_MASK);
        SymbolFormat.AppendFlags(w, ProcessConstants.FutexFlags, op & ~ProcessConstants.FUTEX_CMD_MASK, separate: true);
        w.End();
    }
}
