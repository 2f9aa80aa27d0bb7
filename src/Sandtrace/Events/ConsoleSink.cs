using System.Text;
using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>
/// Live, strace-like lines on stderr. Verbosity: 0 = process events and the summary; 1 (-v) = also security-relevant
/// syscalls (file, directory, network, process) and every call that was not simply allowed; 2 (-vv) = every syscall
/// with decoded arguments; 3 (-vvv) = also raw register values and timing.
/// </summary>
internal sealed class ConsoleSink : EventSink
{
    readonly Stream _err;
    readonly int _verbosity;
    readonly ConsoleStyle _c;
    readonly StringBuilder _line = new(512);
    readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(64 * 1024);   // written before it is flushed: no zeroing
    byte[] _escape = new byte[256];

    public ConsoleSink(Stream stderr, int verbosity, ConsoleStyle style)
    {
        _err = stderr;
        _verbosity = verbosity;
        _c = style;
    }

    public override void OnSyscall(in SyscallEvent e, DecodedArgs d)
    {
        bool show = _verbosity >= 2
            || (_verbosity == 1 && (e.Category.IsSecurityRelevant() || e.Action != SyscallAction.Allow));
        if (!show) return;
        var l = _line.Clear();
        Pid(e.Pid);
        string color = e.Action == SyscallAction.Deny ? _c.BoldRed : CategoryColor(e.Category);
        l.Append(color).Append(e.Name).Append(_c.Reset).Append('(');
        for (int i = 0; i < d.Count; i++)
        {
            if (i > 0) l.Append(", ");
            AppendArg(d, in d[i]);
        }
        l.Append(") = ");
        if (!e.Returned) l.Append('?');
        else if (e.IsError) l.Append(_c.Red).Append("-1 ").Append(ErrnoNames.Get(e.Errno)).Append(_c.Reset);
        else if (e.ReturnValue > 0xffff || e.ReturnValue < -0xffff) l.Append("0x").Append(e.ReturnValue.ToString("x"));
        else l.Append(e.ReturnValue);
        if (e.Action == SyscallAction.Deny) l.Append(' ').Append(_c.BoldRed).Append("[denied by ").Append(e.DenyLayer).Append(": ").Append(e.DenyRule).Append(']').Append(_c.Reset);
        else if (e.Action == SyscallAction.LogOnly) l.Append(' ').Append(_c.Yellow).Append("[log_only]").Append(_c.Reset);
        if (_verbosity >= 3)
        {
            l.Append(_c.Dim).Append(" <").Append((e.DurationUs / 1e6).ToString("F6")).Append("> raw=[");
            for (int i = 0; i < 6; i++) { if (i > 0) l.Append(", "); l.Append("0x").Append(e.Args[i].ToString("x")); }
            l.Append(']').Append(_c.Reset);
        }
        Emit();
    }

    void AppendArg(DecodedArgs d, in DecodedArgs.Entry e)
    {
        var l = _line;
        switch (e.Kind)
        {
            case ArgKind.Number: l.Append(e.Number); break;
            case ArgKind.Symbol: l.Append(Encoding.UTF8.GetString(d.TextOf(in e))); break;
            case ArgKind.String:
                l.Append('"').Append(Encoding.UTF8.GetString(SafeUtf8.Sanitize(d.TextOf(in e), ref _escape))).Append('"');
                if (e.Truncated) l.Append("...");
                break;
            case ArgKind.StringList:
                l.Append('[');
                int n = 0;
                foreach (ref readonly var item in d.ItemsOf(in e))
                {
                    if (n++ > 0) l.Append(", ");
                    l.Append('"').Append(Encoding.UTF8.GetString(SafeUtf8.Sanitize(d.TextOf(in item), ref _escape))).Append('"');
                }
                if (e.Truncated) l.Append(", ...");
                l.Append(']');
                break;
        }
    }

    public override void OnProcess(ProcessEvent e)
    {
        var l = _line.Clear();
        Pid(e.Pid);
        switch (e.Action)
        {
            case ProcessAction.Exec:
                l.Append(_c.Green).Append(_c.Bold).Append("exec ").Append(_c.Reset).Append(e.Path);
                if (e.Argv != null)
                {
                    // A plain loop: the first exec event is on the path to the program's first instruction, and a
                    // LINQ chain's first use costs generic lookups at run time under NativeAOT.
                    l.Append(" [");
                    for (int i = 0; i < e.Argv.Count; i++) l.Append(i > 0 ? ", \"" : "\"").Append(e.Argv[i]).Append('"');
                    l.Append(']');
                }
                if (e.Comm != null) l.Append(_c.Dim).Append(" comm=").Append(e.Comm).Append(_c.Reset);
                break;
            case ProcessAction.Fork or ProcessAction.Vfork or ProcessAction.Clone:
                l.Append(_c.Green).Append(e.Action.ToString().ToLowerInvariant()).Append(_c.Reset)
                    .Append(e.Thread ? " new thread " : " new process ").Append(e.ChildPid);
                break;
            case ProcessAction.Exited:
                l.Append(e.Thread ? "+++ thread exited with " : "+++ exited with ").Append(e.ExitCode).Append(" +++");
                break;
            default:
                l.Append(_c.Red).Append("+++ killed by ").Append(e.Signal).Append(e.CoreDumped ? " (core dumped)" : "").Append(" +++").Append(_c.Reset);
                break;
        }
        Emit();
    }

    public override void OnSignal(in SignalEvent e)
    {
        if (_verbosity < 2) return;
        _line.Clear();
        Pid(e.Pid);
        _line.Append(_c.Yellow).Append("--- ").Append(SignalNames.Get(e.Signal)).Append(" ---").Append(_c.Reset);
        Emit();
    }

    public override void OnSummary(Summary s)
    {
        var l = _line.Clear();
        l.Append(_c.Bold).Append("sandtrace: ").Append(_c.Reset);
        if (s.Interrupted != null) l.Append(_c.Red).Append("stopped by ").Append(s.Interrupted).Append(_c.Reset).Append(" · ");
        l.Append("exit ").Append(s.ExitCode)
            .Append(" · ").Append(s.TotalSyscalls).Append(" syscalls (").Append(s.UniqueSyscalls).Append(" unique)")
            .Append(" · ").Append(s.ProcessCount).Append(s.ProcessCount == 1 ? " process" : " processes")
            .Append(" · ").Append(s.DeniedCount > 0 ? _c.BoldRed : "").Append(s.DeniedCount).Append(" denied").Append(_c.Reset)
            .Append(" · ").Append(s.FilesTouched).Append(" files touched")
            .Append(" · ").Append(s.NetworkAttempts.Count).Append(" network attempts")
            .Append(" · ").Append((s.DurationMs / 1000.0).ToString("F2")).Append(" s");
        Emit();
        if (s.SyscallCounts.Count > 0)
        {
            l.Clear().Append(_c.Dim).Append("  top: ")
                .Append(TopCounts(s.SyscallCounts, 8)).Append(_c.Reset);
            Emit();
        }
        foreach (var d in s.Denials.Take(_verbosity >= 1 ? 100 : 20))
        {
            l.Clear().Append("  ").Append(_c.BoldRed).Append("denied").Append(_c.Reset).Append(' ').Append(d.Syscall)
                .Append(" by ").Append(d.Layer).Append(": ").Append(d.Rule);
            Emit();
        }
        foreach (var f in s.FilesWritten.Take(_verbosity >= 1 ? 50 : 10))
        {
            l.Clear().Append("  wrote ").Append(f);
            Emit();
        }
        foreach (var n in s.NetworkAttempts.Take(_verbosity >= 1 ? 50 : 10))
        {
            l.Clear().Append("  ").Append(n.Syscall).Append(' ').Append(n.Family).Append(' ').Append(n.Address).Append(" → ").Append(n.Result);
            Emit();
        }
        Flush();
    }

    void Pid(int pid) => _line.Append(_c.Dim).Append("[pid ").Append(pid).Append("] ").Append(_c.Reset);

    string CategoryColor(SyscallCategory c) => c switch
    {
        SyscallCategory.FileRead or SyscallCategory.FileMetadata or SyscallCategory.Directory => _c.Cyan,
        SyscallCategory.FileWrite => _c.Blue,
        SyscallCategory.Network => _c.Magenta,
        SyscallCategory.Process => _c.Green,
        _ => "",
    };

    /// <summary>One write per line, so the trace interleaves sensibly with the program's own stderr.</summary>
    void Emit()
    {
        _line.Append('\n');
        int n = 0;
        foreach (var chunk in _line.GetChunks())
        {
            int max = Encoding.UTF8.GetMaxByteCount(chunk.Length);
            if (n + max > _bytes.Length) { _err.Write(_bytes, 0, n); n = 0; }
            if (max > _bytes.Length) { _err.Write(Encoding.UTF8.GetBytes(chunk.ToArray())); continue; }
            n += Encoding.UTF8.GetBytes(chunk.Span, _bytes.AsSpan(n));
        }
        _err.Write(_bytes, 0, n);
        _err.Flush();
    }

    public override void Flush() => _err.Flush();

    // -v and up print syscall lines; at 0 only process events (never deferred) and the summary.
    public override bool WritesSyscallsLive => _verbosity >= 1;

    static string TopCounts(IReadOnlyList<KeyValuePair<string, long>> counts, int n)
    {
        var parts = new string[Math.Min(n, counts.Count)];
        for (int i = 0; i < parts.Length; i++) parts[i] = $"{counts[i].Key} {counts[i].Value}";
        return string.Join(", ", parts);
    }
}
