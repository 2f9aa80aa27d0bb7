using System.Buffers.Binary;
using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes process lifecycle and identity: clone/clone3, exit, wait4/waitid, unshare/setns, the
/// set*id family, process groups, ptrace, process_vm_*, pidfd_open/getfd, kcmp, rlimits and scheduling.</summary>
internal static class ProcessSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case clone:
                AddCloneFlags(c, c.Arg(0));
                return true;
            case clone3:
                Clone3(c);
                return true;
            case exit:
            case exit_group:
                c.AddInt("status", 0);
                return true;
            case wait4:
                c.AddInt("pid", 0);
                c.AddFlags("options", ProcessConstants.Wait4Options, c.UInt(2));
                return true;
            case waitid:
                c.AddEnum("idtype", ProcessConstants.IdTypes, c.UInt(0));
                c.AddInt("id", 1);
                c.AddFlags("options", ProcessConstants.WaitidOptions, c.UInt(3));
                return true;
            case unshare:
                c.AddFlags("flags", ProcessConstants.Clone3Flags, c.UInt(0));
                return true;
            case setns:
                c.AddInt("fd", 0);
                c.AddFlags("nstype", ProcessConstants.Clone3Flags, c.UInt(1));
                return true;
            case setuid:
                c.AddInt("uid", 0);
                return true;
            case setgid:
                c.AddInt("gid", 0);
                return true;
            case setreuid:
                c.AddInt("ruid", 0);
                c.AddInt("euid", 1);
                return true;
            case setregid:
                c.AddInt("rgid", 0);
                c.AddInt("egid", 1);
                return true;
            case setresuid:
                c.AddInt("ruid", 0);
                c.AddInt("euid", 1);
                c.AddInt("suid", 2);
                return true;
            case setresgid:
                c.AddInt("rgid", 0);
                c.AddInt("egid", 1);
                c.AddInt("sgid", 2);
                return true;
            case setfsuid:
                c.AddInt("fsuid", 0);
                return true;
            case setfsgid:
                c.AddInt("fsgid", 0);
                return true;
            case setgroups:
                c.AddInt("size", 0);
                return true;
            case setpgid:
                c.AddInt("pid", 0);
                c.AddInt("pgid", 1);
                return true;
            case getpgid:
            case getsid:
            case sched_getscheduler:
            case sched_setparam:
            case sched_getparam:
            case sched_setaffinity:
            case sched_getaffinity:
            case sched_setattr:
            case sched_getattr:
                c.AddInt("pid", 0);
                return true;
            case sched_setscheduler:
                c.AddInt("pid", 0);
                AddSchedPolicy(c, c.UInt(1));
                return true;
            case ptrace:
                Ptrace(c);
                return true;
            case process_vm_readv:
            case process_vm_writev:
                c.AddInt("pid", 0);
                c.AddLong("liovcnt", 2);
                c.AddLong("riovcnt", 4);
                return true;
            case pidfd_open:
                c.AddInt("pid", 0);
                c.AddFlags("flags", MiscConstants.PidfdFlags, c.UInt(1));
                return true;
            case pidfd_getfd:
                c.AddInt("pidfd", 0);
                c.AddInt("targetfd", 1);
                return true;
            case kcmp:
                c.AddInt("pid1", 0);
                c.AddInt("pid2", 1);
                c.AddInt("type", 2);
                return true;
            case getrlimit:
            case setrlimit:
                c.AddEnum("resource", ProcessConstants.RlimitResources, c.UInt(0));
                return true;
            case prlimit64:
                c.AddInt("pid", 0);
                c.AddEnum("resource", ProcessConstants.RlimitResources, c.UInt(1));
                return true;
            default:
                return false;
        }
    }

    /// <summary>clone flags: CLONE_* names, then the exit signal kept in the low byte ("...|SIGCHLD").</summary>
    static void AddCloneFlags(in DecodeContext c, ulong flags)
    {
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("flags");
        bool any = SymbolFormat.AppendFlags(w, ProcessConstants.CloneFlags, flags & ~(ulong)ProcessConstants.CSIGNAL, false);
        int exitSignal = (int)(flags & ProcessConstants.CSIGNAL);
        if (exitSignal != 0)
        {
            if (any) w.Append('|');
            w.Append(SignalNames.Get(exitSignal));
        }
        else if (!any) w.Append('0');
        w.End();
    }

    /// <summary>clone3: flags and exit_signal from struct clone_args (all fields u64: flags, pidfd, child_tid,
    /// parent_tid, exit_signal, ...).</summary>
    static void Clone3(in DecodeContext c)
    {
        const int ArgsSizeVer0 = 64;   // CLONE_ARGS_SIZE_VER0; the fields we read are all in it
        Span<byte> args = stackalloc byte[ArgsSizeVer0];
        if (c.Arg(1) < ArgsSizeVer0 || !c.Read(c.Arg(0), args))
        {
            c.AddPointer("cl_args", c.Arg(0));
        }
        else
        {
            c.AddFlags("flags", ProcessConstants.Clone3Flags, BinaryPrimitives.ReadUInt64LittleEndian(args));
            ulong exitSignal = BinaryPrimitives.ReadUInt64LittleEndian(args[32..]);
            if (exitSignal != 0) c.AddSignal("exit_signal", (int)Math.Min(exitSignal, int.MaxValue));
        }
        c.AddLong("size", 1);
    }

    /// <summary>A scheduling policy, possibly or-ed with SCHED_RESET_ON_FORK.</summary>
    static void AddSchedPolicy(in DecodeContext c, uint policy)
    {
        const uint ResetOnFork = ProcessConstants.SCHED_RESET_ON_FORK;
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("policy");
        SymbolFormat.AppendEnum(w, ProcessConstants.SchedPolicies, policy & ~ResetOnFork);
        SymbolFormat.AppendFlags(w, ProcessConstants.SchedPolicyFlags, policy & ResetOnFork, separate: true);
        w.End();
    }

    /// <summary>ptrace: request and pid, then addr/data where the request gives them a meaning.</summary>
    static void Ptrace(in DecodeContext c)
    {
        ulong request = c.Arg(0);
        c.AddEnum("request", ProcessConstants.PtraceRequests, request, hex: true);
        c.AddInt("pid", 1);
        switch (request)
        {
            case ProcessConstants.PTRACE_PEEKTEXT:
            case ProcessConstants.PTRACE_PEEKDATA:
            case ProcessConstants.PTRACE_PEEKUSR:
                c.AddHex("addr", c.Arg(2));
                break;
            case ProcessConstants.PTRACE_POKETEXT:
            case ProcessConstants.PTRACE_POKEDATA:
            case ProcessConstants.PTRACE_POKEUSR:
                c.AddHex("addr", c.Arg(2));
                c.AddHex("data", c.Arg(3));
                break;
            case ProcessConstants.PTRACE_SETOPTIONS:
            case ProcessConstants.PTRACE_SEIZE:
                c.AddFlags("data", ProcessConstants.PtraceOptions, c.Arg(3));
                break;
            case ProcessConstants.PTRACE_CONT:
            case ProcessConstants.PTRACE_SYSCALL:
            case ProcessConstants.PTRACE_SINGLESTEP:
            case ProcessConstants.PTRACE_SINGLEBLOCK:
            case ProcessConstants.PTRACE_SYSEMU:
            case ProcessConstants.PTRACE_SYSEMU_SINGLESTEP:
            case ProcessConstants.PTRACE_DETACH:
                c.AddSignal("data", c.Int(3));   // the signal to deliver on resume; 0 reads "0"
                break;
        }
    }
}
