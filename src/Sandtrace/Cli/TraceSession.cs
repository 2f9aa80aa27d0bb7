using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;

namespace Sandtrace.Cli;

/// <summary>
/// Runs the tracer on its own thread and ends the sandbox when the time limit passes or sandtrace is asked to stop
/// (SIGINT, SIGTERM, SIGHUP): the whole PID namespace is killed, the tracer drains the exits, then the caller writes
/// the summary — or, when the trace completes normally, while the sandbox's PID 1 is still exiting. The thread starts
/// before the plan is made (<see cref="Start"/>) and works ahead of the main thread: it clones the sandbox — the
/// costliest kernel work of a run — while the plan is made. The main thread writes the plan's steps into the child's
/// program (<see cref="Release"/>) without waiting for the clone; whichever of the two threads finishes its part last
/// releases the child at once, instead of waking the other to do it (waking a sleeping thread on these vCPUs takes
/// 0.05–0.3 ms). The child sets itself up while the sinks and the tracer are being built, and the thread traces once
/// those are ready (<see cref="Run"/>). Stops of the sandbox wait in the kernel meanwhile.
/// </summary>
internal sealed class TraceSession
{
    readonly Lock _gate = new();
    Sandbox.Sandbox? _sandbox;
    string? _stopReason;
    bool _started;
    TraceResult? _result;
    ExceptionDispatchInfo? _failure;
    // Spin count 0: a waiter blocks at once. On two vCPUs a spinning waiter (sched_yield, 19 calls per run) takes
    // the CPU from the thread or the sandboxed child it is waiting for.
    readonly ManualResetEventSlim _shapeReady = new(false, 0), _programReady = new(false, 0), _planReady = new(false, 0), _tracerReady = new(false, 0);
    SandboxShape? _shape;     // null when _shapeReady is set: aborted
    CpuPlacer? _placer;
    readonly ManualResetEventSlim _progress = new(false, 0), _ended = new(false, 0);   // progress: ended or complete
    volatile TraceResult? _complete;
    PosixSignalRegistration[] _signals = [];
    ChildProgram? _program;   // null when _programReady is set: the thread failed before making it
    LaunchPlan? _plan;        // null when _planReady is set: aborted (its steps are in _program otherwise)
    PendingSandbox? _pending; // the cloned child, set before the tracer thread arrives
    Sandbox.Sandbox? _released;
    int _arrivals;            // the clone and the plan's steps: the second to arrive releases the child
    long _stepsUs, _releasedAt;
    Tracer? _tracer;          // null when _tracerReady is set: aborted

    public string? StopReason { get { lock (_gate) return _stopReason; } }

    /// <summary>What cloning and releasing the sandbox took (SANDTRACE_STATS); set once it is released.</summary>
    public LaunchTimes? Launch { get; private set; }

    /// <summary>Whether the tracer reported the trace complete before the sandbox's PID 1 had exited, so that
    /// <see cref="Run"/> did not wait for that exit (SANDTRACE_STATS; the thread may have ended meanwhile anyway).</summary>
    public bool ReturnedEarly { get; private set; }

    /// <summary>Starts the tracer thread; it waits for <see cref="Begin"/> (or <see cref="Abort"/>). Its start-up
    /// (stack, runtime attach, pinning) overlaps the policy merge on this thread, which does not wait for it.</summary>
    public void Start()
    {
        try { StartThread(); }
        catch (ThreadCreationError e) { throw new SandboxError(e.Message + ProcessLimitHint, 125); }
        _started = true;
    }

    // Why a thread is usually missing: RLIMIT_NPROC counts every task of the user.
    const string ProcessLimitHint = "; is the process limit of this user (ulimit -u) reached?";

    void StartThread()
    {
        NativeThread.Run(() =>
        {
            LaunchProgram? launch = null;
            try
            {
                _shapeReady.Wait();
                if (_shape is not { } shape || _placer is not { } placer) return;
                placer.PinTracer();
                shape.Seccomp?.Run();   // the planner needs it halfway; the clone's work is needed only at the end
                launch = Launcher.Prepare(shape);
                _program = launch.Program;
                _programReady.Set();
                PendingSandbox pending;
                // Until _planReady the main thread may be writing the plan's steps into the program's arena.
                try
                {
                    pending = Launcher.Clone(launch, shape, Tracer.Seize);
                    _pending = pending;
                    if (Interlocked.Increment(ref _arrivals) == 2) ReleaseChild(byTracer: true);
                }
                finally { _planReady.Wait(); }
                if (_released is not { } sandbox || _plan is not { } plan) { pending.Abort(); return; }
                launch.Dispose();   // the parent's view only: the child keeps its mapping
                launch = null;
                Started(sandbox);
                _tracerReady.Wait();
                if (_tracer is not { } tracer)
                {
                    sandbox.KillAndReap();
                    sandbox.Dispose();
                    return;
                }
                _result = tracer.Run(sandbox, plan, _releasedAt, Completed);
            }
            catch (Exception e) { _failure = ExceptionDispatchInfo.Capture(e); }
            finally
            {
                _programReady.Set();
                launch?.Dispose();
                _ended.Set();
                _progress.Set();
            }
        }, "tracer", 4 << 20);
    }

    /// <summary>The tracer thread pins itself (<paramref name="placer"/>), generates the seccomp filter, makes the
    /// child's program, clones the sandbox described by <paramref name="shape"/> and seizes it, then waits for
    /// <see cref="Release"/>. A failed clone is reported by <see cref="Run"/>, after any error of the planning.</summary>
    public void Begin(SandboxShape shape, CpuPlacer placer)
    {
        Launcher.OpenNoGcWindow();
        _shape = shape;
        _placer = placer;
        _shapeReady.Set();
    }

    /// <summary>The plan is made: this thread writes its steps into the child's program as soon as the tracer thread
    /// has made that program (before its clone), then releases the child if the clone is done; otherwise the tracer
    /// thread releases it when its clone is. Throws what writing the steps or releasing threw; the caller then calls
    /// <see cref="Abort"/>. A failed clone is reported by <see cref="Run"/>.</summary>
    public void Release(LaunchPlan plan)
    {
        _programReady.Wait();
        if (_program is { } program)
        {
            long start = TraceClock.Now();
            Launcher.AddPlanSteps(program, plan);
            _stepsUs = TraceClock.Micros(start, TraceClock.Now());
        }
        _plan = plan;
        try
        {
            if (Interlocked.Increment(ref _arrivals) == 2) ReleaseChild(byTracer: false);
        }
        finally { _planReady.Set(); }
    }

    // On whichever thread arrived second: both the clone (_pending) and the plan's steps are there.
    void ReleaseChild(bool byTracer)
    {
        var pending = _pending!;
        long releasing = TraceClock.Now();
        _released = pending.Release();
        _releasedAt = TraceClock.Now();
        Launch = new LaunchTimes(pending.CloneUs, _stepsUs + TraceClock.Micros(releasing, _releasedAt), pending.NoGcWindowHeld, byTracer);
    }

    /// <summary>No run will happen (planning or preparing the sinks failed): the sandbox, waiting or already set up,
    /// is killed and reaped before this returns.</summary>
    public void Abort()
    {
        if (!_shapeReady.IsSet) { _shape = null; _shapeReady.Set(); }
        if (!_planReady.IsSet) { _plan = null; _planReady.Set(); }
        _tracer = null;
        _tracerReady.Set();
        // Already handed over (the signal handlers could not be installed): the tracer is running the program; kill it.
        if (!_ended.IsSet) Stop("aborted");
        WaitEnded();
        foreach (var s in _signals) s.Dispose();
        _signals = [];
    }

    /// <summary>
    /// Hands <paramref name="tracer"/> to the thread (after <see cref="Release"/>) and waits until every traced task
    /// is gone, the time limit passes or a stop signal arrives. It may return while the sandbox's PID 1 is still
    /// exiting (its namespaces' teardown takes ~0.2 ms): the trace is complete then and the caller can write the
    /// summary meanwhile; <see cref="Finish"/> waits for the rest.
    /// </summary>
    public TraceResult Run(Tracer tracer, TimeSpan? timeout)
    {
        if (!_started) throw new InvalidOperationException("TraceSession.Start was not called");
        _tracer = tracer;
        _tracerReady.Set();
        // After the hand-over: registering starts .NET's signal thread (~0.1 ms), and the sandbox's first stop is due.
        try
        {
            _signals =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
            ];
        }
        catch (Exception e) when (e is TypeInitializationException or IOException)
        {
            // The runtime could not start its signal thread; the caller aborts the sandbox.
            throw new SandboxError("cannot install the handlers for Ctrl-C and SIGTERM (.NET's signal thread did not start)" + ProcessLimitHint, 125);
        }
        // --cpu-placement=auto under --trace=security: this thread samples the sandbox's busy tasks while the tracer works.
        long deadline = timeout is TimeSpan t && t > TimeSpan.Zero ? Environment.TickCount64 + (long)t.TotalMilliseconds : long.MaxValue;
        var placer = tracer.Placer;
        long step = placer.Adaptive ? (long)CpuPlacer.SampleInterval.TotalMilliseconds : 24 * 3600 * 1000L;
        while (true)
        {
            long left = deadline == long.MaxValue ? step : deadline - Environment.TickCount64;
            if (left <= 0) { Stop("timeout"); break; }
            _progress.Reset();   // before the checks: a completion in between sets it again and the wait returns at once
            if (_complete is { } done && StopReason == null) { ReturnedEarly = true; return done; }
            if (_ended.IsSet) break;
            if (!_progress.Wait((int)Math.Min(left, step)) && placer.Adaptive) placer.Sample();
        }
        Finish();
        return _result!;
    }

    /// <summary>Waits until the tracer thread has ended (the sandbox's PID 1 exited and was reaped) and rethrows what
    /// it failed with. Idempotent.</summary>
    public void Finish()
    {
        WaitEnded();
        foreach (var s in _signals) s.Dispose();
        _signals = [];
        _failure?.Throw();
    }

    // The thread's work is over once it sets _ended (last thing in its body); joining the thread would also wait for
    // the runtime and the kernel to tear it down (~30 us at the end of every run) for nothing.
    void WaitEnded()
    {
        if (_started) _ended.Wait();
    }

    // Called by the tracer when only PID 1 is left and every event has been delivered (see Tracer.Run).
    void Completed(TraceResult result)
    {
        _complete = result;
        _progress.Set();
    }

    void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Stop(context.Signal switch
        {
            PosixSignal.SIGINT => "SIGINT", PosixSignal.SIGTERM => "SIGTERM", PosixSignal.SIGHUP => "SIGHUP", _ => "SIGQUIT",
        });
    }

    void Started(Sandbox.Sandbox sandbox)
    {
        lock (_gate)
        {
            _sandbox = sandbox;
            if (_stopReason != null) sandbox.KillAll();
        }
    }

    void Stop(string reason)
    {
        lock (_gate)
        {
            _stopReason ??= reason;
            _sandbox?.KillAll();
        }
    }

    /// <summary>The signal number behind a stop reason, for the 128+N exit status.</summary>
    public static int SignalNumber(string reason) => reason switch { "SIGINT" => 2, "SIGTERM" => 15, "SIGHUP" => 1, _ => 3 };
}

/// <summary>Startup costs (SANDTRACE_STATS=1): cloning the sandbox (namespaces, id maps, attach; overlaps the planning),
/// writing the plan's steps into its program (may overlap the clone) and releasing it, whether the no-GC region
/// opened before planning held at the clone, and which thread released the child (the one that finished last).</summary>
internal sealed record LaunchTimes(long CloneUs, long ReleaseUs, bool NoGcWindowHeld, bool ReleasedByTracer);
