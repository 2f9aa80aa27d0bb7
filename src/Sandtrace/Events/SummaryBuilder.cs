using System.Text;
using Sandtrace.Native;
using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>
/// Aggregates the events into the final <see cref="Summary"/>. Counting is allocation-free (an array per x86_64
/// syscall number); a path or address allocates only the first time it is seen.
/// </summary>
internal sealed class SummaryBuilder : EventSink
{
    const int MaxListed = 1000;
    readonly long[] _x64Counts = new long[1024];
    readonly Dictionary<(uint Arch, long Nr), long> _otherCounts = new();
    readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    readonly HashSet<string> _written = new(StringComparer.Ordinal);
    readonly HashSet<NetworkAttempt> _network = new();
    readonly HashSet<Denial> _denials = new();
    readonly HashSet<int> _processes = new();
    readonly char[] _chars = new char[DecodedArgs.MaxStringBytes * 2];
    int _threads;
    long _total, _denied, _failed;
    bool _truncated;

    public override void OnSyscall(in SyscallEvent e, DecodedArgs d)
    {
        _total++;
        if (e.Arch == Ptrace.AUDIT_ARCH_X86_64 && (ulong)e.Nr < (ulong)_x64Counts.Length) _x64Counts[e.Nr]++;
        else _otherCounts[(e.Arch, e.Nr)] = _otherCounts.GetValueOrDefault((e.Arch, e.Nr)) + 1;
        if (e.Action == SyscallAction.Deny)
        {
            _denied++;
            if (_denials.Count < MaxListed) _denials.Add(new Denial(e.Name, e.DenyLayer ?? "?", e.DenyRule ?? "?"));
            else _truncated = true;
        }
        if (e.Returned && e.IsError) _failed++;
        bool ok = e.Returned && !e.IsError;
        switch (e.Category)
        {
            case SyscallCategory.FileRead or SyscallCategory.FileWrite or SyscallCategory.FileMetadata or SyscallCategory.Directory:
                if (!ok) break;
                for (int i = 0; i < d.Count; i++)
                {
                    ref readonly var a = ref d[i];
                    if (a.Kind != ArgKind.String || !DecodedArgs.IsPathName(a.Name)) continue;
                    Remember(_touched, d.TextOf(in a));
                    if (e.Category == SyscallCategory.FileWrite) Remember(_written, d.TextOf(in a));
                }
                break;
            case SyscallCategory.Network:
                RecordNetwork(in e, d);
                break;
        }
    }

    void RecordNetwork(in SyscallEvent e, DecodedArgs d)
    {
        if (e.Name is not ("connect" or "bind" or "sendto" or "sendmsg" or "sendmmsg")) return;
        string? family = null, address = null;
        for (int i = 0; i < d.Count; i++)
        {
            ref readonly var a = ref d[i];
            if (a.Name == "family" && a.Kind == ArgKind.Symbol) family = Encoding.UTF8.GetString(d.TextOf(in a));
            else if (a.Name == "addr" && a.Kind != ArgKind.Number) address = Encoding.UTF8.GetString(d.TextOf(in a));
            else if (a.Name == "path" && a.Kind == ArgKind.String) address = Encoding.UTF8.GetString(d.TextOf(in a));
        }
        if (address == null) return;
        string result = !e.Returned ? "unfinished" : e.IsError ? ErrnoNames.Get(e.Errno) : "ok";
        if (_network.Count < MaxListed) _network.Add(new NetworkAttempt(e.Name, family ?? "?", address, result));
        else _truncated = true;
    }

    void Remember(HashSet<string> set, ReadOnlySpan<byte> utf8)
    {
        int n = Encoding.UTF8.GetChars(utf8, _chars);
        var lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(_chars.AsSpan(0, n))) return;
        if (set.Count >= MaxListed * 100) { _truncated = true; return; }
        set.Add(new string(_chars, 0, n));
    }

    public override void OnProcess(ProcessEvent e)
    {
        switch (e.Action)
        {
            case ProcessAction.Exec: _processes.Add(e.Pid); break;
            case ProcessAction.Fork or ProcessAction.Vfork or ProcessAction.Clone:
                if (e.Thread) _threads++;
                else if (e.ChildPid is int c) _processes.Add(c);
                break;
        }
    }

    public override void OnSignal(in SignalEvent e) { }
    public override void OnSummary(Summary s) { }
    public override void Flush() { }

    public Summary Build(long nowTicks, long durationMs, int exitCode, string? interrupted)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int nr = 0; nr < _x64Counts.Length; nr++)
            if (_x64Counts[nr] > 0) Add(counts, SyscallTable.Name(Ptrace.AUDIT_ARCH_X86_64, nr), _x64Counts[nr]);
        foreach (var kv in _otherCounts) Add(counts, SyscallTable.Name(kv.Key.Arch, kv.Key.Nr), kv.Value);
        var written = new List<string>(_written);
        written.Sort(StringComparer.Ordinal);
        var sortedCounts = new List<KeyValuePair<string, long>>(counts);
        // Most frequent first, ties by name (plain sorts: LINQ ordering costs run-time generic lookups under NativeAOT).
        sortedCounts.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        return new Summary
        {
            TimestampTicks = nowTicks,
            TotalSyscalls = _total,
            UniqueSyscalls = counts.Count,
            DurationMs = durationMs,
            ExitCode = exitCode,
            ProcessCount = _processes.Count,
            ThreadCount = _threads,
            DeniedCount = _denied,
            FailedSyscalls = _failed,
            FilesTouched = _touched.Count,
            FilesWritten = written.Count > MaxListed ? written.GetRange(0, MaxListed) : written,
            NetworkAttempts = [.. _network],
            Denials = [.. _denials],
            SyscallCounts = sortedCounts,
            Interrupted = interrupted,
            Truncated = _truncated || written.Count > MaxListed,
        };
    }

    static void Add(Dictionary<string, long> d, string name, long n) => d[name] = d.GetValueOrDefault(name) + n;
}
