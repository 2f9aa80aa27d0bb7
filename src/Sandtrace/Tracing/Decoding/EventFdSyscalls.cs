using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the calls that create or wait on event descriptors: poll/select, epoll, eventfd, inotify,
/// signalfd, timerfd, fanotify_init and memfd_create.</summary>
internal static class EventFdSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case poll:
                c.AddUInt("nfds", 1);
                c.AddInt("timeout", 2);
                return true;
            case ppoll:
                c.AddUInt("nfds", 1);
                return true;
            case select:
            case pselect6:
                c.AddInt("nfds", 0);
                return true;
            case epoll_create:
                c.AddInt("size", 0);
                return true;
            case epoll_create1:
                c.AddFlags("flags", MiscConstants.EpollCreateFlags, c.UInt(0));
                return true;
            case epoll_ctl:
                c.AddInt("epfd", 0);
                c.AddEnum("op", MiscConstants.EpollCtlOperations, c.UInt(1));
                c.AddInt("fd", 2);
                return true;
            case epoll_wait:
            case epoll_pwait:
                c.AddInt("epfd", 0);
                c.AddInt("maxevents", 2);
                c.AddInt("timeout", 3);
                return true;
            case epoll_pwait2:
                c.AddInt("epfd", 0);
                c.AddInt("maxevents", 2);
                return true;
            case eventfd:
                c.AddUInt("initval", 0);
                return true;
            case eventfd2:
                c.AddUInt("initval", 0);
                c.AddFlags("flags", MiscConstants.EventfdFlags, c.UInt(1));
                return true;
            case inotify_init1:
                c.AddFlags("flags", MiscConstants.InotifyInitFlags, c.UInt(0));
                return true;
            case inotify_rm_watch:
                c.AddInt("fd", 0);
                c.AddInt("wd", 1);
                return true;
            case signalfd:
                c.AddInt("fd", 0);
                return true;
            case signalfd4:
                c.AddInt("fd", 0);
                c.AddFlags("flags", MiscConstants.SignalfdFlags, c.UInt(3));
                return true;
            case timerfd_create:
                ClockArgs.AddClockId(c, "clockid", c.Int(0));
                c.AddFlags("flags", MiscConstants.TimerfdCreateFlags, c.UInt(1));
                return true;
            case timerfd_settime:
                c.AddInt("fd", 0);
                c.AddFlags("flags", MiscConstants.TimerfdSettimeFlags, c.UInt(1));
                return true;
            case timerfd_gettime:
                c.AddInt("fd", 0);
                return true;
            case fanotify_init:
                c.AddHex("flags", c.UInt(0));
                FileArgs.AddOpenFlags(c, "event_f_flags", c.UInt(1));
                return true;
            case memfd_create:
                c.AddPath("name", c.Arg(0));
                AddMemfdFlags(c, c.UInt(1));
                return true;
            default:
                return false;
        }
    }

    /// <summary>memfd_create flags; with MFD_HUGETLB the top bits are a page size, not flags.</summary>
    static void AddMemfdFlags(in DecodeContext c, uint flags)
    {
        const uint HugeBits = MiscConstants.MFD_HUGE_MASK << (int)MiscConstants.MFD_HUGE_SHIFT;
        uint huge = (flags & HugeBits) >> (int)MiscConstants.MFD_HUGE_SHIFT;
        bool hugetlb = (flags & MiscConstants.MFD_HUGETLB) != 0 && huge != 0;
        if (hugetlb) flags &= ~HugeBits;
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("flags");
        bool any = SymbolFormat.AppendFlags(w, MiscConstants.MemfdFlags, flags, false);
        if (hugetlb)
        {
            if (any) w.Append('|');
            HugePageSize.Append(w, "MFD_HUGE_", huge);
        }
        else if (!any) w.Append('0');
        w.End();
    }
}
