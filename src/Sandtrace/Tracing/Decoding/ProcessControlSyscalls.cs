using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the per-process control knobs: prctl, arch_prctl, seccomp and personality.</summary>
internal static class ProcessControlSyscalls
{
    const int TaskCommLen = 16;   // TASK_COMM_LEN: PR_SET_NAME copies at most this much
    const uint PersonalityQuery = 0xffffffff;

    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case prctl:
                Prctl(c);
                return true;
            case arch_prctl:
                c.AddEnum("code", ProcessConstants.ArchPrctlCodes, c.UInt(0), hex: true);
                c.AddPointer("addr", c.Arg(1));
                return true;
            case seccomp:
                c.AddEnum("operation", ProcessConstants.SeccompOperations, c.UInt(0));
                c.AddFlags("flags", ProcessConstants.SeccompFilterFlags, c.UInt(1));
                return true;
            case personality:
                AddPersona(c, c.UInt(0));
                return true;
            default:
                return false;
        }
    }

    /// <summary>prctl: the option by name, plus the argument of the options whose argument is worth showing.</summary>
    static void Prctl(in DecodeContext c)
    {
        uint option = c.UInt(0);
        c.AddEnum("option", ProcessConstants.PrctlOptions, option, hex: true);
        switch (option)
        {
            case ProcessConstants.PR_SET_NAME:
                c.AddCString("name", c.Arg(1), TaskCommLen);
                break;
            case ProcessConstants.PR_SET_PDEATHSIG:
                c.AddSignal("signal", c.Int(1));
                break;
            case ProcessConstants.PR_SET_DUMPABLE:
            case ProcessConstants.PR_SET_KEEPCAPS:
            case ProcessConstants.PR_SET_NO_NEW_PRIVS:
            case ProcessConstants.PR_SET_CHILD_SUBREAPER:
            case ProcessConstants.PR_SET_TIMERSLACK:
                c.AddLong("value", 1);
                break;
            case ProcessConstants.PR_SET_SECCOMP:
                c.AddEnum("mode", ProcessConstants.SeccompModes, c.Arg(1));
                break;
            case ProcessConstants.PR_CAPBSET_READ:
            case ProcessConstants.PR_CAPBSET_DROP:
                c.AddEnum("cap", ProcessConstants.Capabilities, c.Arg(1));
                break;
            case ProcessConstants.PR_CAP_AMBIENT:
                c.AddEnum("op", ProcessConstants.PrCapAmbientOps, c.Arg(1));
                if (c.Arg(1) != ProcessConstants.PR_CAP_AMBIENT_CLEAR_ALL) c.AddEnum("cap", ProcessConstants.Capabilities, c.Arg(2));
                break;
            case ProcessConstants.PR_SET_PTRACER:
                c.AddLong("pid", 1);   // PR_SET_PTRACER_ANY reads -1
                break;
        }
    }

    /// <summary>personality: 0xffffffff only queries; otherwise the execution domain and its flag bits.</summary>
    static void AddPersona(in DecodeContext c, uint persona)
    {
        if (persona == PersonalityQuery) { c.AddHex("persona", persona); return; }
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("persona");
        SymbolFormat.AppendEnum(w, ProcessConstants.PersonalityTypes, persona & ProcessConstants.PER_MASK, hex: true);
        SymbolFormat.AppendFlags(w, ProcessConstants.PersonalityFlags, persona & ~ProcessConstants.PER_MASK, separate: true);
        w.End();
    }
}
