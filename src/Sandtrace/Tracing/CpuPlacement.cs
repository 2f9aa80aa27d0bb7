using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>
/// Where the tracer and the traced program run. A ptrace stop is a ping-pong between two tasks; on these 2-vCPU
/// machines a wake-up across CPUs costs far more than the stop itself (dd bs=1 count=200000 with --trace=all:
/// ~2.3 s on one CPU against 4–9 s left to the scheduler, measured here; strace shows the same), but two busy
/// processes on one CPU share it (a make -j2 build under --trace=security: 1.17 s pinned against 0.73 s unpinned).
/// Same: the tracer thread pins itself to its CPU before the clone, so the program and everything it starts inherit
/// it. None: the scheduler decides. Auto: same with --trace=all, where every syscall stops and the tracer is the
/// bottleneck (a dd | wc pipeline loses half its speed unpinned; a make -j2 build gained between -10 % and 27 %
/// unpinned in three runs); with --trace=security (<see cref="CpuPlacer"/>) same while at most one sandboxed task
/// computes, the whole CPU set while two do (two samples, 20 ms), re-pinned after half a second with at most one.
/// Follow: nothing is pinned at the start (the sandbox keeps every CPU); at each stop of a traced task the tracer moves
/// itself to the CPU that task stopped on, so the resume and the task's next stop are wake-ups on one CPU while
/// parallel tasks keep their own CPUs. It pays a read of /proc/TID/stat per stop and a migration of the tracer whenever
/// the stopped task is on another CPU than the last one (measured in bench/run.sh's placement tables: not the default).
/// </summary>
internal enum CpuPlacement { Auto, None, Same, Follow }

/// <summary>
/// Applies a <see cref="CpuPlacement"/>. The tracer thread calls <see cref="PinTracer"/> before cloning the
/// sandbox and reports the tasks it follows; for Auto with --trace=security, the session's main thread calls <see cref="Sample"/> every
/// <see cref="SampleInterval"/>: it reads the state of every followed task from /proc and counts the busy ones
/// (running or runnable: computing; stopped for the tracer does not count). Two busy in two samples in a row unpin the
/// tracer and every task; at most one busy for <see cref="IdleSamplesToPin"/> samples in a row pins them again.
/// Tasks created after a switch are set by <see cref="TaskAdded"/> (a fork can race with the switch). Nothing here runs per syscall.
/// </summary>
internal sealed unsafe class CpuPlacer
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(10);
    // Unpin after two samples in a row with two busy tasks (one sample also catches a fork: parent and child both
    // runnable for a moment); pin again only after half a second with at most one: a build has short serial phases
    // (make starting the next compiler), and re-pinning in each of them made two compilers share a CPU.
    const int BusySamplesToUnpin = 2, IdleSamplesToPin = 50, MaskWords = CpuMask.Words;

    readonly CpuPlacement _placement;
    readonly TraceDepth _depth;
    readonly Lock _gate = new();
    readonly HashSet<int> _tids = [];
    readonly ulong[] _one = new ulong[MaskWords], _all = new ulong[MaskWords];
    int[] _snapshot = [];
    // Follow (tracer thread only): an open /proc/TID/stat per traced task that has stopped, read at each of its stops.
    readonly Dictionary<int, int> _statFds = [];
    readonly byte[] _stat = new byte[512];
    int _followCpu = -1;
    bool _snapshotStale;
    int _tracerTid, _busySamples, _idleSamples;
    bool _pinned;

    public CpuPlacer(CpuPlacement placement, TraceDepth depth = TraceDepth.Security) => (_placement, _depth) = (placement, depth);

    /// <summary>Whether the main thread should call <see cref="Sample"/>: auto with --trace=security.</summary>
    public bool Adaptive => _placement == CpuPlacement.Auto && _depth == TraceDepth.Security;

    /// <summary>Whether the tracer calls <see cref="Follow"/> at every stop of a traced task.</summary>
    public bool Follows => _placement == CpuPlacement.Follow;

    /// <summary>How often Auto switched between one CPU and all, or Follow moved the tracer (SANDTRACE_STATS).</summary>
    public int Switches { get; private set; }

    public bool PinnedNow { get { lock (_gate) return _pinned; } }

    /// <summary>On the tracer thread, before the clone: Same and Auto pin it (the sandbox inherits the mask).</summary>
    public void PinTracer()
    {
        if (_placement is CpuPlacement.None or CpuPlacement.Follow) return;
        uint cpu = 0;
        if (RawSyscall.Call(Sys.getcpu, (long)&cpu, 0, 0) < 0 || cpu >= MaskWords * 64) return;
        fixed (ulong* all = _all)
            if (RawSyscall.Call(Sys.sched_getaffinity, 0, MaskWords * 8, (long)all) < 0) return;
        _one[cpu / 64] = 1UL << (int)(cpu % 64);
        lock (_gate)
        {
            if (!SetAffinity(0, _one)) return;
            _pinned = true;
            Volatile.Write(ref _tracerTid, (int)RawSyscall.Call(Sys.gettid));
        }
    }

    public void TaskAdded(int tid)
    {
        if (!Adaptive) return;
        lock (_gate)
        {
            if (!_tids.Add(tid)) return;
            _snapshotStale = true;
            if (Switches > 0) SetAffinity(tid, _pinned ? _one : _all);
        }
    }

    /// <summary>Follow, on the tracer thread at a stop of traced task <paramref name="tid"/>: moves the tracer to the CPU
    /// the task stopped on ("processor" in /proc/TID/stat) unless it is there already. Allocates nothing per stop.</summary>
    public void Follow(int tid)
    {
        if (!_statFds.TryGetValue(tid, out int fd))
        {
            fd = ProcFs.OpenStat(tid);
            if (fd < 0) return;   // gone meanwhile: its exit comes next
            _statFds[tid] = fd;
        }
        int n = SmallFile.ReadAt(fd, _stat);
        if (n <= 0)
        {
            // The read failed (the task is going away, or the descriptor no longer answers for it): reopen at its next stop.
            SmallFile.Close(fd);
            _statFds.Remove(tid);
            return;
        }
        int cpu = ProcFs.LastCpu(_stat.AsSpan(0, n));
        if (cpu < 0 || cpu == _followCpu || cpu >= MaskWords * 64) return;
        Array.Clear(_one);
        _one[cpu / 64] = 1UL << (cpu % 64);
        if (!SetAffinity(0, _one)) return;
        _followCpu = cpu;
        Switches++;
    }

    public void TaskGone(int tid)
    {
        if (Follows && _statFds.Remove(tid, out int fd)) SmallFile.Close(fd);
        if (!Adaptive) return;
        lock (_gate) if (_tids.Remove(tid)) _snapshotStale = true;
    }

    /// <summary>One sample (main thread). Returns the number of busy tasks seen.</summary>
    public int Sample()
    {
        if (!Adaptive || Volatile.Read(ref _tracerTid) == 0) return 0;   // not pinned (getcpu or affinity failed): nothing to adapt
        int[] tids;
        lock (_gate)
        {
            if (_snapshotStale) { _snapshot = [.. _tids]; _snapshotStale = false; }
            tids = _snapshot;
        }
        int busy = 0;
        foreach (int tid in tids)
            if (ProcFs.State(tid) == 'R') busy++;
        lock (_gate)
        {
            if (_pinned)
            {
                _busySamples = busy >= 2 ? _busySamples + 1 : 0;
                if (_busySamples >= BusySamplesToUnpin) Switch(pin: false);
            }
            else
            {
                _idleSamples = busy <= 1 ? _idleSamples + 1 : 0;
                if (_idleSamples >= IdleSamplesToPin) Switch(pin: true);
            }
        }
        return busy;
    }

    void Switch(bool pin)
    {
        var mask = pin ? _one : _all;
        SetAffinity(_tracerTid, mask);
        foreach (int tid in _tids) SetAffinity(tid, mask);
        _pinned = pin;
        _busySamples = _idleSamples = 0;
        Switches++;
    }

    static bool SetAffinity(int tid, ulong[] mask)
    {
        fixed (ulong* m = mask) return RawSyscall.Call(Sys.sched_setaffinity, tid, MaskWords * 8, (long)m) >= 0;
    }
}
