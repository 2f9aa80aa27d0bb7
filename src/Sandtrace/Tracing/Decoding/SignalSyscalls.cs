using System.Buffers.Binary;
using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes signal sending (kill, tkill, tgkill, rt_*sigqueueinfo, pidfd_send_signal) and signal
/// disposition/mask calls (rt_sigaction, rt_sigprocmask, rt_sigsuspend, rt_sigtimedwait).</summary>
internal static class SignalSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case kill:
                c.AddInt("pid", 0);
                c.AddSignal("signal", c.Int(1));
                return true;
            case tkill:
                c.AddInt("tid", 0);
                c.AddSignal("signal", c.Int(1));
                return true;
            case tgkill:
                c.AddInt("tgid", 0);
                c.AddInt("tid", 1);
                c.AddSignal("signal", c.Int(2));
                return true;
            case rt_sigqueueinfo:
                c.AddInt("tgid", 0);
                c.AddSignal("signal", c.Int(1));
                return true;
            case rt_tgsigqueueinfo:
                c.AddInt("tgid", 0);
                c.AddInt("tid", 1);
                c.AddSignal("signal", c.Int(2));
                return true;
            case pidfd_send_signal:
                c.AddInt("pidfd", 0);
                c.AddSignal("signal", c.Int(1));
                return true;
            case rt_sigaction:
                c.AddSignal("signal", c.Int(0));
                if (c.Arg(1) != 0) AddAction(c, c.Arg(1));
                return true;
            case rt_sigprocmask:
                c.AddEnum("how", ProcessConstants.SigprocmaskHow, c.UInt(0));
                if (c.Arg(1) != 0) AddSigset(c, "set", c.Arg(1));
                return true;
            case rt_sigsuspend:
                AddSigset(c, "mask", c.Arg(0));
                return true;
            case rt_sigtimedwait:
                AddSigset(c, "set", c.Arg(0));
                return true;
            case rt_sigreturn:
                return true;   // no arguments
            default:
                return false;
        }
    }

    /// <summary>The new disposition, from the kernel's struct sigaction on x86_64:
    /// { handler; unsigned long flags; restorer; sigset_t mask (8 bytes); }.</summary>
    static void AddAction(in DecodeContext c, ulong act)
    {
        Span<byte> sa = stackalloc byte[32];
        if (!c.Read(act, sa))
        {
            c.AddPointer("act", act);
            return;
        }
        ulong handler = BinaryPrimitives.ReadUInt64LittleEndian(sa);
        switch (handler)
        {
            case 0: c.Into.AddSymbol("handler", "SIG_DFL"); break;
            case 1: c.Into.AddSymbol("handler", "SIG_IGN"); break;
            default: c.AddHex("handler", handler); break;
        }
        c.AddFlags("flags", ProcessConstants.SigactionFlags, BinaryPrimitives.ReadUInt64LittleEndian(sa[8..]));
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("mask");
        AppendSigset(w, BinaryPrimitives.ReadUInt64LittleEndian(sa[24..]));
        w.End();
    }

    static void AddSigset(in DecodeContext c, string name, ulong addr)
    {
        if (!c.ReadUInt64(addr, out ulong set))
        {
            c.AddPointer(name, addr);
            return;
        }
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol(name);
        AppendSigset(w, set);
        w.End();
    }

    /// <summary>A 64-signal set as "[SIGINT SIGTERM]"; a set with most signals in it is written as its complement,
    /// "~[SIGKILL SIGSTOP]", which is both shorter and what the program usually meant (strace's notation).</summary>
    static void AppendSigset(DecodedArgs.SymbolWriter w, ulong set)
    {
        if (System.Numerics.BitOperations.PopCount(set) > 32)
        {
            w.Append('~');
            set = ~set;
        }
        w.Append('[');
        bool first = true;
        for (int bit = 0; bit < 64; bit++)
        {
            if ((set & (1UL << bit)) == 0) continue;
            if (!first) w.Append(' ');
            w.Append(SignalNames.Get(bit + 1));
            first = false;
        }
        w.Append(']');
    }
}
