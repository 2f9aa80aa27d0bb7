using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes system-wide and kernel-facility calls: reboot, module loading, sethostname/setdomainname,
/// bpf, keyctl, perf_event_open, io_uring_*, landlock_* and getrandom.</summary>
internal static class SystemSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case reboot:
                c.AddEnum("cmd", MiscConstants.RebootCommands, c.UInt(2), hex: true);
                return true;
            case init_module:
                c.AddLong("len", 1);
                c.AddPath("params", c.Arg(2));
                return true;
            case finit_module:
                c.AddInt("fd", 0);
                c.AddPath("params", c.Arg(1));
                c.AddFlags("flags", MiscConstants.FinitModuleFlags, c.UInt(2));
                return true;
            case delete_module:
                c.AddPath("name", c.Arg(0));
                c.AddFlags("flags", MiscConstants.DeleteModuleFlags, c.UInt(1));
                return true;
            case sethostname:
            case setdomainname:
                c.AddText("name", c.Arg(0), (long)c.Arg(1));   // length-delimited, not NUL-terminated
                return true;
            case bpf:
                c.AddEnum("cmd", MiscConstants.BpfCommands, c.UInt(0));
                c.AddUInt("size", 2);
                return true;
            case keyctl:
                c.AddEnum("operation", MiscConstants.KeyctlOperations, c.UInt(0));
                return true;
            case perf_event_open:
                c.AddInt("pid", 1);
                c.AddInt("cpu", 2);
                c.AddInt("group_fd", 3);
                c.AddFlags("flags", MiscConstants.PerfEventOpenFlags, c.Arg(4));
                return true;
            case io_uring_setup:
                c.AddUInt("entries", 0);
                return true;
            case io_uring_enter:
                c.AddInt("fd", 0);
                c.AddUInt("to_submit", 1);
                c.AddUInt("min_complete", 2);
                return true;
            case io_uring_register:
                c.AddInt("fd", 0);
                c.AddUInt("opcode", 1);
                c.AddUInt("nr_args", 3);
                return true;
            case landlock_create_ruleset:
                c.AddLong("size", 1);
                c.AddUInt("flags", 2);
                return true;
            case landlock_add_rule:
                c.AddInt("ruleset_fd", 0);
                c.AddUInt("rule_type", 1);
                c.AddUInt("flags", 3);
                return true;
            case landlock_restrict_self:
                c.AddInt("ruleset_fd", 0);
                c.AddUInt("flags", 1);
                return true;
            case getrandom:
                c.AddLong("buflen", 1);
                c.AddFlags("flags", MiscConstants.GetrandomFlags, c.UInt(2));
                return true;
            default:
                return false;
        }
    }
}
