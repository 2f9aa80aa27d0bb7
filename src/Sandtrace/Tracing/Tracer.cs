using System.Runtime.InteropServices;
using System.Text;
using Sandtrace.Events;
using Sandtrace.Native;
using Sandtrace.Sandbox;

namespace Sandtrace.Tracing;

/// <summary>
/// The ptrace loop. Runs on one dedicated thread (ptrace binds tracees to the attaching thread): starts the sandbox,
/// seizes its PID 1, follows the target from its execve through every fork/vfork/clone, and turns each stop into
/// events. It never aborts on an unknown pid or an unexpected stop: unknown tasks are adopted, odd stops resumed.
/// The per-syscall path allocates nothing (state lives in per-task objects and reused buffers).
/// </summary>
internal sealed unsafe class Tracer
{
    const long BaseOptions = Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC | Ptrace.O_TRACECLONE | Ptrace.O_EXITKILL | Ptrace.O_TRACESECCOMP;
    const long ForkOptions = Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK;
    const int SyscallTrap = Sig.SIGTRAP | 0x80;
    const long CloneThread = 0x00010000;
    const int MaxArgv = 4096;

    readonly TraceOptions _options;
    readonly EventSink _sink;
    readonly TraceClock _clock;
    readonly Dictionary<int, Tracee> _tasks = new();
    readonly DecodedArgs _decoded = new();
    readonly ArgumentDecoder _decoder = new();
    readonly TraceeMemory _memory = new();
    readonly bool[] _logOnlyX64 = new bool[1024];
    readonly bool _follow;   // --cpu-placement=follow: the tracer moves to each stopped task's CPU
    readonly byte[] _stringBuffer = new byte[DecodedArgs.MaxStringBytes];
    readonly PtraceSyscallInfo* _info = (PtraceSyscallInfo*)NativeMemory.AllocZeroed((nuint)sizeof(PtraceSyscallInfo));
    SyscallEvent _event;
    // A call's exit event, built while its task was stopped, that the sinks get once the task runs again (see Loop);
    // not when a sink writes live lines next to the program's own output (-v on the console): those keep their order.
    bool _exitPending;
    readonly bool _exitsAfterResume;

    int _reaperPid, _targetPid, _rootTgid;
    bool _targetExeced;
    int? _targetStatus;
    LaunchPlan? _plan;
    Action<TraceResult>? _complete;

    readonly Enforcement _enforcement;
    readonly DenialClassifier _classifier;

    public Tracer(TraceOptions options, EventSink sink, TraceClock clock, Enforcement? enforcement = null, CpuPlacer? placer = null)
    {
        _enforcement = enforcement ?? Enforcement.None;
        _classifier = new DenialClassifier(_enforcement);
        _options = options;
        _sink = sink;
        _exitsAfterResume = !sink.WritesSyscallsLive;
        _clock = clock;
        Placer = placer ?? new CpuPlacer(options.CpuPlacement, options.Depth);
        _follow = Placer.Follows;
        foreach (var name in options.LogOnlySyscalls)
        {
            int nr = SyscallTable.NumberX64(name);
            if (nr >= 0 && nr < _logOnlyX64.Length) _logOnlyX64[nr] = true;
        }
    }

    /// <summary>Bytes the tracer thread allocated while tracing (sinks included): the hot path is meant to allocate
    /// nothing per syscall, and SANDTRACE_STATS=1 prints this so a test can hold it to that.</summary>
    public long TracerAllocatedBytes { get; private set; }

    /// <summary>From the sandbox's release to the target's execve (SANDTRACE_STATS=1): the child's setup — mounts,
    /// pivot, Landlock, seccomp — which overlaps building the sinks and this tracer.</summary>
    public long SetupUs { get; private set; }
    long _releasedAt;

    /// <summary>Where the tracer and the sandbox run (the session samples it for --cpu-placement=auto under --trace=security).</summary>
    public CpuPlacer Placer { get; }

    /// <summary>Traces the sandbox released with the program from <paramref name="plan"/> until every task is gone.
    /// On the thread that cloned and seized it; its stops since the release have waited in the kernel.
    /// <paramref name="complete"/> is called once, when following forks and only PID 1 is left after the target ran: no
    /// event can follow (every task descends from traced code and each fork is seen before its parent can exit), so
    /// the summary can be written while PID 1 exits.</summary>
    /// <param name="releasedAt">Stopwatch timestamp of the release (the start of <see cref="SetupUs"/>).</param>
    public TraceResult Run(Sandbox.Sandbox released, LaunchPlan plan, long releasedAt, Action<TraceResult>? complete = null)
    {
        _complete = complete;
        using var sandbox = released;
        _plan = plan;
        _releasedAt = releasedAt;
        _reaperPid = sandbox.ReaperPid;
        _tasks[_reaperPid] = new Tracee(_reaperPid, TraceeRole.Reaper) { Tgid = _reaperPid };
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(sandbox);
        TracerAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var failure = _targetExeced ? null : sandbox.ReadFailure();
        return new TraceResult(_targetStatus, _targetExeced, failure);
    }

    /// <summary>Attaches to a freshly cloned PID 1 (<see cref="Launcher.Clone"/>), with every option the loop relies on.</summary>
    public static string? Seize(int pid)
    {
        long r = RawSyscall.Call(Sys.ptrace, Ptrace.SEIZE, pid, 0, BaseOptions | ForkOptions);
        return r < 0 ? $"PTRACE_SEIZE: {Errno.Describe((int)-r)}" : null;
    }

    void Loop(Sandbox.Sandbox sandbox)
    {
        int status;
        while (true)
        {
            int pid = Libc.Wait4(-1, &status, Wait.__WALL, null);
            if (pid < 0)
            {
                int err = Marshal.GetLastPInvokeError();
                if (err == 4) continue;        // EINTR
                break;                         // ECHILD: no child and no tracee left
            }
            if (!Wait.Stopped(status))
            {
                OnTaskGone(pid, status);
                continue;
            }
            Tracee t = TaskFor(pid);
            if (_follow && t.Role == TraceeRole.Traced) Placer.Follow(pid);
            int sig = Wait.StopSignal(status);
            int ev = Wait.PtraceEvent(status);
            long request = Resume(t);
            long inject = 0;
            if (sig == SyscallTrap)
            {
                OnSyscallStop(t);
                request = Resume(t);   // the call may have just ended (security depth: back to running freely)
            }
            else if (ev == Ptrace.EVENT_STOP)
            {
                // Group-stop (SIGSTOP & co.): keep the task stopped but learn about SIGCONT (PTRACE_LISTEN).
                // Otherwise it is a new task's first stop or an interrupt: just resume.
                if (Sig.IsStopSignal(sig)) request = Ptrace.LISTEN;
                else if (!OnFirstStop(t)) continue;
            }
            else if (ev == Ptrace.EVENT_SECCOMP)
            {
                if (t.Role == TraceeRole.Traced) OnSyscallStop(t);
                request = Resume(t);
            }
            else if (ev != 0)
            {
                OnEvent(t, ev);
                request = Resume(t);
            }
            else
            {
                // Signal-delivery-stop: pass the signal on unchanged.
                inject = sig;
                if (t.Role == TraceeRole.Traced) _sink.OnSignal(new SignalEvent(_clock.ToUtcTicks(TraceClock.Now()), pid, sig));
            }
            // ESRCH here means the task was killed meanwhile; its exit is reported by wait4 later.
            RawSyscall.Call(Sys.ptrace, request, pid, 0, inject);
            // The sinks (JSON encoding, the summary: ~40 % of the tracer's user time in a build) run while the task runs
            // on instead of while it waits. Everything taken from the stopped task (registers, memory, /proc) is already
            // in the event, and no other stop is handled in between, so the order of the events is unchanged.
            if (_exitPending)
            {
                _exitPending = false;
                _sink.OnSyscall(in _event, _decoded);
            }
        }
    }

    /// <summary>All depth: stop at every syscall. Security depth: run to the next seccomp stop, except right after one
    /// (or after the target's execve), when the call's exit must be seen for its return value.</summary>
    long Resume(Tracee t) =>
        t.Role != TraceeRole.Traced ? Ptrace.CONT
        : _options.Depth == TraceDepth.All || t.InSyscall ? Ptrace.SYSCALL : Ptrace.CONT;

    Tracee TaskFor(int pid)
    {
        if (_tasks.TryGetValue(pid, out var t)) return t;
        // A new task can stop before its parent's fork event arrives. Before the target's execve the only new task
        // is the target itself (forked by PID 1); after it, every new task descends from traced code.
        t = new Tracee(pid, _targetExeced ? TraceeRole.Traced : TraceeRole.Setup);
        if (!_targetExeced && _targetPid == 0) _targetPid = pid;
        _tasks[pid] = t;
        if (t.Role == TraceeRole.Traced) Placer.TaskAdded(pid);
        return t;
    }

    /// <summary>A new task's first stop. Returns false if the task was detached (not to be resumed by the caller).</summary>
    bool OnFirstStop(Tracee t)
    {
        if (t.Role == TraceeRole.Setup && t.Pid == _targetPid && !_options.FollowForks)
        {
            // Only the first process is traced: its threads are followed (TRACECLONE), its children are not.
            RawSyscall.Call(Sys.ptrace, Ptrace.SETOPTIONS, t.Pid, 0, BaseOptions);
        }
        if (!_options.FollowForks && t.Role == TraceeRole.Traced && t.Tgid == 0)
        {
            t.Tgid = ProcFs.Tgid(t.Pid);
            if (t.Tgid != _rootTgid)
            {
                // A clone() that made a new process, not a thread: not followed.
                RawSyscall.Call(Sys.ptrace, Ptrace.DETACH, t.Pid, 0, 0);
                _tasks.Remove(t.Pid);
                Placer.TaskGone(t.Pid);
                return false;
            }
        }
        return true;
    }

    void OnEvent(Tracee t, int ev)
    {
        long msg = 0;
        RawSyscall.Call(Sys.ptrace, Ptrace.GETEVENTMSG, t.Pid, 0, (long)&msg);
        switch (ev)
        {
            case Ptrace.EVENT_FORK or Ptrace.EVENT_VFORK or Ptrace.EVENT_CLONE:
                OnNewTask(t, ev, (int)msg);
                break;
            case Ptrace.EVENT_EXEC:
                OnExec(t, (int)msg);
                break;
        }
    }

    void OnNewTask(Tracee parent, int ev, int childPid)
    {
        if (parent.Role == TraceeRole.Reaper)
        {
            // PID 1 forked the target: its setup runs untraced until its execve.
            _targetPid = childPid;
            if (!_tasks.ContainsKey(childPid)) _tasks[childPid] = new Tracee(childPid, TraceeRole.Setup);
            return;
        }
        if (parent.Role != TraceeRole.Traced) return;
        bool thread = ev == Ptrace.EVENT_CLONE && IsThreadClone(parent, childPid);
        if (!_tasks.TryGetValue(childPid, out var child))
        {
            child = new Tracee(childPid, TraceeRole.Traced);
            _tasks[childPid] = child;
            Placer.TaskAdded(childPid);
        }
        child.IsThread = thread;
        child.Tgid = thread ? parent.Tgid : childPid;
        _sink.OnProcess(new ProcessEvent
        {
            Action = ev switch { Ptrace.EVENT_FORK => ProcessAction.Fork, Ptrace.EVENT_VFORK => ProcessAction.Vfork, _ => ProcessAction.Clone },
            TimestampTicks = _clock.ToUtcTicks(TraceClock.Now()),
            Pid = parent.Pid,
            ChildPid = childPid,
            Thread = thread,
        });
    }

    /// <summary>Whether the clone/clone3 the parent is in creates a thread (CLONE_THREAD in its flags).</summary>
    bool IsThreadClone(Tracee parent, int childPid)
    {
        if (!parent.InSyscall || parent.Arch != Ptrace.AUDIT_ARCH_X86_64)
            return ProcFs.Tgid(childPid) is int tgid && tgid != 0 && tgid != childPid;
        if (parent.Nr == Sys.clone) return (parent.Args[0] & CloneThread) != 0;
        if (parent.Nr == Sys.clone3)
        {
            long flags = 0;
            _memory.Read(parent.Pid, (ulong)parent.Args[0], new Span<byte>(&flags, 8));
            return (flags & CloneThread) != 0;
        }
        return false;
    }

    void OnExec(Tracee t, int formerTid)
    {
        if (formerTid != t.Pid && _tasks.Remove(formerTid, out var former))
        {
            Placer.TaskGone(formerTid);
            // A non-leader thread called execve: it now carries the leader's pid. Its pending execve moves along;
            // whatever the old leader was doing never completes.
            if (t.InSyscall) EmitSyscall(t, returned: false, 0, false, TraceClock.Now());
            t.InSyscall = former.InSyscall; t.Arch = former.Arch; t.Nr = former.Nr; t.Args = former.Args;
            t.EntryTimestamp = former.EntryTimestamp; t.ExecPath = former.ExecPath; t.ExecArgv = former.ExecArgv;
            t.Role = former.Role;
        }
        long now = TraceClock.Now();
        if (t.Role == TraceeRole.Setup)
        {
            if (t.Pid != _targetPid) return;
            // The target's own execve: tracing starts here. Its entry happened untraced, so the execve event is
            // completed from the launch plan; the next stop is that execve's exit.
            _targetExeced = true;
            SetupUs = TraceClock.Micros(_releasedAt, now);
            _rootTgid = t.Pid;
            t.Role = TraceeRole.Traced;
            Placer.TaskAdded(t.Pid);
            t.Tgid = t.Pid;
            t.InSyscall = true;
            t.Arch = Ptrace.AUDIT_ARCH_X86_64;
            t.Nr = Sys.execve;
            t.Args = default;
            t.EntryTimestamp = now;
            t.ExecPath = _plan!.TargetPath;
            t.ExecArgv = [.. _plan.Argv];
        }
        if (t.Role != TraceeRole.Traced) return;
        _sink.OnProcess(new ProcessEvent
        {
            Action = ProcessAction.Exec,
            TimestampTicks = _clock.ToUtcTicks(now),
            Pid = t.Pid,
            Comm = ProcFs.Comm(t.Pid),
            Path = t.ExecPath ?? ProcFs.Exe(t.Pid),
            Argv = t.ExecArgv ?? ProcFs.Cmdline(t.Pid),
        });
    }

    void OnSyscallStop(Tracee t)
    {
        long n = RawSyscall.Call(Sys.ptrace, Ptrace.GET_SYSCALL_INFO, t.Pid, sizeof(PtraceSyscallInfo), (long)_info);
        if (n <= 0) return;
        long now = TraceClock.Now();
        switch (_info->Op)
        {
            case Ptrace.SYSCALL_INFO_ENTRY or Ptrace.SYSCALL_INFO_SECCOMP:
                if (t.InSyscall) EmitSyscall(t, returned: false, 0, false, now);   // entry without exit: never returned
                t.InSyscall = true;
                t.Arch = _info->Arch;
                t.Nr = _info->NrOrRval;
                for (int i = 0; i < 6; i++) t.Args[i] = (long)_info->Args[i];
                t.EntryTimestamp = now;
                t.SkippedLayer = t.SkippedRule = null;
                _memory.ForgetCall(t.Pid);
                if (_info->Op == Ptrace.SYSCALL_INFO_SECCOMP && (_info->SeccompRetData & Sandbox.SeccompFilter.DenyMark) != 0)
                {
                    // The filter marked this call as denied (security depth): carry the denial out, with its errno.
                    Skip(t, "seccomp", $"syscall {SyscallTable.Name(t.Arch, t.Nr)} is blocked", (int)(_info->SeccompRetData & 0x7fff));
                    break;
                }
                if (_enforcement.Active && !_enforcement.DenyRules.IsEmpty && t.Arch == Ptrace.AUDIT_ARCH_X86_64) CheckDenyRules(t);
                if (_enforcement.SealMemfds && t.Nr == X64Syscall.memfd_create && t.Arch == Ptrace.AUDIT_ARCH_X86_64) SealMemfd(t);
                if (_enforcement.DeniedAddresses is { Count: > 0 } && t.Arch == Ptrace.AUDIT_ARCH_X86_64 && t.Nr is X64Syscall.connect or X64Syscall.sendto) CheckDeniedAddress(t);
                if (_enforcement.Active && t.Nr == X64Syscall.connect && t.Arch == Ptrace.AUDIT_ARCH_X86_64 && t.SkippedLayer == null) CheckUnixSocket(t);
                if (IsExec(t))
                {
                    CaptureExec(t);
                    if (_enforcement.Active && t.SkippedLayer == null) CheckInterpreterExec(t);
                }
                else if (IsExit(t)) EmitSyscall(t, returned: false, 0, false, now);   // exit/exit_group never return
                break;
            case Ptrace.SYSCALL_INFO_EXIT:
                // An exit without a seen entry (tracing began mid-call) carries no name: skip it.
                if (!t.InSyscall) break;
                if (t.SkippedLayer != null)
                {
                    // The call was skipped at entry: make it fail with its errno (EACCES, as a permission denial would,
                    // or the one a seccomp rule gives).
                    RawSyscall.Call(Sys.ptrace, Ptrace.POKEUSER, t.Pid, Ptrace.OffsetRax, -t.SkippedErrno);
                    BuildSyscallEvent(t, returned: true, -t.SkippedErrno, true, now);
                }
                else BuildSyscallEvent(t, returned: true, _info->NrOrRval, _info->ExitIsError, now);
                if (_exitsAfterResume) _exitPending = true;   // handed to the sinks after the resume (Loop)
                else _sink.OnSyscall(in _event, _decoded);
                break;
        }
    }

    const int EACCES = 13;

    /// <summary>Refuses, before the kernel runs it, a path syscall naming a path a deny rule matches (see DenyRules).</summary>
    void CheckDenyRules(Tracee t)
    {
        foreach (var arg in PathArguments.Of(t.Nr))
        {
            int len = _memory.ReadCStringAtEntry(t.Pid, (ulong)t.Args[arg.Index], _stringBuffer, out _);
            if (len <= 0) continue;
            var path = new ReadOnlySpan<byte>(_stringBuffer, 0, len);
            string? rule = _enforcement.DenyRules.Match(path, path[0] == (byte)'/' ? null : "/");
            if (rule == null && path[0] != (byte)'/' && Creates(t))
                rule = _enforcement.DenyRules.Match(path, ProcFs.BaseDirectory(t.Pid, arg.DirfdIndex < 0 ? -100 : (int)t.Args[arg.DirfdIndex]));
            if (rule == null) continue;
            Skip(t, "deny", $"deny \"{rule}\" (refused by the tracer)");
            return;
        }
    }

    const long MFD_NOEXEC_SEAL = 0x8;

    /// <summary>
    /// Landlock does not govern connect() to a UNIX socket by path, so a daemon's socket inside a read-only path
    /// (/run/docker.sock, an ssh-agent or D-Bus socket) would be reachable. Connecting is treated as writing: a
    /// socket outside allow_write is refused. Abstract sockets are scoped by Landlock and the network namespace.
    /// </summary>
    void CheckUnixSocket(Tracee t)
    {
        Span<byte> sa = stackalloc byte[110];
        int n = _memory.Read(t.Pid, (ulong)t.Args[1], sa);
        if (n < 3 || BitConverter.ToUInt16(sa) != 1 /* AF_UNIX */ || sa[2] == 0) return;
        var pathBytes = sa[2..n];
        int nul = pathBytes.IndexOf((byte)0);
        string path = Encoding.UTF8.GetString(nul >= 0 ? pathBytes[..nul] : pathBytes);
        string full = Path.GetFullPath(ProcFs.Absolute(t.Pid, path));
        string real = Libc.RealPath(full) ?? full;
        if (!_enforcement.View!.IsWritable(real))
            Skip(t, "network", $"UNIX socket {full} is outside allow_write (connecting to a socket is a write; refused by the tracer)");
    }

    /// <summary>connect/sendto to an address a denied domain resolved to (see DeniedDomains) is refused.</summary>
    void CheckDeniedAddress(Tracee t)
    {
        int addrArg = t.Nr == X64Syscall.connect ? 1 : 4;
        Span<byte> sa = stackalloc byte[28];
        if (t.Args[addrArg] == 0 || _memory.Read(t.Pid, (ulong)t.Args[addrArg], sa) < 8) return;
        ushort family = BitConverter.ToUInt16(sa);
        System.Net.IPAddress? ip = family switch
        {
            2 => new System.Net.IPAddress(sa.Slice(4, 4)),
            10 => new System.Net.IPAddress(sa.Slice(8, 16)),
            _ => null,
        };
        if (ip != null && _enforcement.DeniedAddresses!.TryGetValue(ip.ToString(), out var pattern))
            Skip(t, "network", $"{ip} belongs to denied domain {pattern}");
    }

    /// <summary>
    /// Adds MFD_NOEXEC_SEAL to a memfd_create: the memfd is created non-executable and sealed so. Landlock does not
    /// govern files on internal mounts, so an executable memfd would run code no allow_exec rule covers (MFD_EXEC
    /// itself is refused by seccomp). The flag is a register of the stopped thread, so this cannot race.
    /// </summary>
    static void SealMemfd(Tracee t)
    {
        long flags = t.Args[1];
        if ((flags & MFD_NOEXEC_SEAL) == 0) RawSyscall.Call(Sys.ptrace, Ptrace.POKEUSER, t.Pid, Ptrace.OffsetRsi, flags | MFD_NOEXEC_SEAL);
    }

    /// <summary>Makes the call at its entry stop a no-op; its exit stop then returns EACCES (see OnSyscallStop).</summary>
    static void Skip(Tracee t, string layer, string rule, int errno = EACCES)
    {
        t.SkippedLayer = layer;
        t.SkippedRule = rule;
        t.SkippedErrno = errno;
        RawSyscall.Call(Sys.ptrace, Ptrace.POKEUSER, t.Pid, Ptrace.OffsetOrigRax, -1);
    }

    /// <summary>
    /// "ld.so PROGRAM" runs PROGRAM by mapping it, which Landlock's EXECUTE right never sees: executing an ELF
    /// interpreter directly is refused unless it is in allow_exec. (Like every tracer decision this is racy against
    /// other threads rewriting the path; the interpreter itself stays executable for the programs that need it.)
    /// </summary>
    void CheckInterpreterExec(Tracee t)
    {
        if (t.ExecPath == null || _enforcement.Interpreters.Count == 0) return;
        string? real = Libc.RealPath(ProcFs.Absolute(t.Pid, t.ExecPath));
        if (real != null && _enforcement.Interpreters.Contains(real))
            Skip(t, "exec", $"direct execution of the ELF interpreter {real} (it would run any program without allow_exec)");
    }

    /// <summary>Calls that can bring a new name into existence (the only way a denied path can appear at run time).</summary>
    static bool Creates(Tracee t) => PathArguments.Creates(t.Nr, t.Args);

    static bool IsExec(Tracee t) => t.Arch == Ptrace.AUDIT_ARCH_X86_64 ? t.Nr is Sys.execve or Sys.execveat : t.Nr is 11 or 358;
    static bool IsExit(Tracee t) => t.Arch == Ptrace.AUDIT_ARCH_X86_64 ? t.Nr is Sys.exit or Sys.exit_group : t.Nr is 1 or 252;

    /// <summary>execve's path and argv must be read at entry: after a successful exec the old memory is gone.</summary>
    void CaptureExec(Tracee t)
    {
        bool x64 = t.Arch == Ptrace.AUDIT_ARCH_X86_64;
        int pathArg = t.Nr == (x64 ? Sys.execveat : 358) ? 1 : 0;
        t.ExecPath = ReadString(t.Pid, (ulong)t.Args[pathArg]);
        ulong argv = (ulong)t.Args[pathArg + 1];
        int ptrSize = x64 ? 8 : 4;
        var list = new List<string>();
        ulong ptr = 0;
        for (int i = 0; i < MaxArgv && argv != 0; i++)
        {
            ptr = 0;
            if (_memory.Read(t.Pid, argv + (ulong)(i * ptrSize), new Span<byte>(&ptr, ptrSize)) != ptrSize || ptr == 0) break;
            list.Add(ReadString(t.Pid, ptr) ?? "");
        }
        t.ExecArgv = list.ToArray();
    }

    string? ReadString(int pid, ulong addr)
    {
        int len = _memory.ReadCString(pid, addr, _stringBuffer, out _);
        return len < 0 ? null : Encoding.UTF8.GetString(_stringBuffer, 0, len);
    }

    void EmitSyscall(Tracee t, bool returned, long rval, bool isError, long now)
    {
        BuildSyscallEvent(t, returned, rval, isError, now);
        _sink.OnSyscall(in _event, _decoded);
    }

    /// <summary>Fills <see cref="_event"/> and <see cref="_decoded"/> for a call of the stopped task <paramref name="t"/>:
    /// its arguments (read from the task's memory), the return value, and for a failed call the layer that denied it.</summary>
    void BuildSyscallEvent(Tracee t, bool returned, long rval, bool isError, long now)
    {
        t.InSyscall = false;
        ref var e = ref _event;
        e.TimestampTicks = _clock.ToUtcTicks(t.EntryTimestamp);
        e.Pid = t.Pid;
        e.Arch = t.Arch;
        e.Nr = t.Nr;
        e.Name = SyscallTable.Name(t.Arch, t.Nr);
        e.Args = t.Args;
        e.Returned = returned;
        e.ReturnValue = rval;
        e.IsError = returned && isError;
        e.DurationUs = returned ? TraceClock.Micros(t.EntryTimestamp, now) : 0;
        bool x64 = t.Arch == Ptrace.AUDIT_ARCH_X86_64;
        e.Action = x64 && (ulong)t.Nr < (ulong)_logOnlyX64.Length && _logOnlyX64[t.Nr] ? SyscallAction.LogOnly : SyscallAction.Allow;
        e.Category = Categorize(t);
        e.DenyLayer = e.DenyRule = null;
        _decoded.Reset();
        if (IsExec(t)) AddExecArgs(t);
        else _decoder.Decode(t.Arch, t.Nr, MemoryMarshal.Cast<long, ulong>((ReadOnlySpan<long>)t.Args), rval, returned, t.Pid, _memory, _decoded);
        if (t.SkippedLayer != null)
        {
            e.Action = SyscallAction.Deny;
            e.DenyLayer = t.SkippedLayer;
            e.DenyRule = t.SkippedRule;
            t.SkippedLayer = t.SkippedRule = null;
        }
        else if (e.IsError && _enforcement.Active)
        {
            if (_classifier.Classify(in e, _decoded, t.Pid) is var (layer, rule))
            {
                e.Action = SyscallAction.Deny;
                e.DenyLayer = layer;
                e.DenyRule = rule;
            }
        }
    }

    /// <summary>The table's category, refined for opens: an open for writing, creating or truncating is a write.</summary>
    SyscallCategory Categorize(Tracee t)
    {
        var c = SyscallCategories.Of(t.Arch, t.Nr);
        if (t.Arch != Ptrace.AUDIT_ARCH_X86_64 || c != SyscallCategory.FileRead) return c;
        long flags;
        switch (t.Nr)
        {
            case 2: flags = t.Args[1]; break;      // open
            case 257: flags = t.Args[2]; break;    // openat
            case 437:                              // openat2: struct open_how { u64 flags; ... }
                flags = 0;
                _memory.Read(t.Pid, (ulong)t.Args[2], new Span<byte>(&flags, 8));
                break;
            default: return c;
        }
        const long accessMode = 3, creat = 0x40, trunc = 0x200, tmpfile = 0x410000;
        return (flags & accessMode) != 0 || (flags & (creat | trunc)) != 0 || (flags & tmpfile) == tmpfile
            ? SyscallCategory.FileWrite : c;
    }

    void AddExecArgs(Tracee t)
    {
        if (t.ExecPath != null) AddUtf8String("path", t.ExecPath);
        if (t.ExecArgv == null) return;
        _decoded.BeginList("argv");
        foreach (var a in t.ExecArgv)
        {
            var space = _decoded.StringSpace();
            int max = Math.Min(a.Length, space.Length / 3);
            int len = Encoding.UTF8.GetBytes(a.AsSpan(0, max), space);
            if (!_decoded.CommitItem(len, max < a.Length)) { _decoded.MarkListTruncated(); break; }
        }
    }

    void AddUtf8String(string name, string value)
    {
        var space = _decoded.StringSpace();
        int max = Math.Min(value.Length, space.Length / 3);
        _decoded.CommitString(name, Encoding.UTF8.GetBytes(value.AsSpan(0, max), space), max < value.Length);
    }

    void OnTaskGone(int pid, int status)
    {
        if (!_tasks.Remove(pid, out var t)) return;
        Placer.TaskGone(pid);
        long now = TraceClock.Now();
        if (t.InSyscall && t.Role == TraceeRole.Traced) EmitSyscall(t, returned: false, 0, false, now);
        if (pid == _targetPid) _targetStatus = status;
        if (t.Role != TraceeRole.Traced) return;
        ReportProcessGone(t, pid, status, now);
        if (_complete != null && _options.FollowForks && _targetExeced && _tasks.Count == 1 && _tasks.ContainsKey(_reaperPid))
        {
            var complete = _complete;
            _complete = null;
            complete(new TraceResult(_targetStatus, true, null));
        }
    }

    void ReportProcessGone(Tracee t, int pid, int status, long now)
    {
        bool signaled = Wait.Signaled(status);
        _sink.OnProcess(new ProcessEvent
        {
            Action = signaled ? ProcessAction.Signaled : ProcessAction.Exited,
            TimestampTicks = _clock.ToUtcTicks(now),
            Pid = pid,
            Thread = t.IsThread,
            ExitCode = signaled ? null : Wait.ExitCode(status),
            Signal = signaled ? SignalNames.Get(Wait.TermSignal(status)) : null,
            CoreDumped = signaled && Wait.CoreDumped(status),
        });
    }
}
