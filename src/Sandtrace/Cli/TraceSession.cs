using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;

namespace Sandtrace.Cli;

/// <summary>
/// Runs the tracer on its own thread and ends the sandbox when the time limit passes or sandtrace is asked to stop
/// (SIGINT, SIGTERM, SIGHUP): the whole PID namespace is killed, the tracer drains the exits, then the caller writes
/// the summary. The thread starts before the plan is made (<see cref="Start"/>): it clones the sandbox — the
/// costliest kernel work of a run — on one CPU while the caller plans on the other, then waits for the plan
/// (<see cref="Run"/>) or for <see cref="Abort"/>.
/// </summary>
internal sealed class TraceSession
{
    readonly Lock _gate = new();
    Sandbox.Sandbox? _sandbox;
    string? _stopReason;
    Thread? _thread;
    TraceResult? _result;
    ExceptionDispatchInfo? _failure;
    readonly ManualResetEventSlim _planReady = new();
    (Tracer Tracer, LaunchPlan Plan)? _handoff;   // null when set: aborted

    public string? StopReason { get { lock (_gate) return _stopReason; } }

    /// <summary>Starts the tracer thread, which pins itself (<paramref name="placer"/>), builds the seccomp filter,
    /// clones the sandbox described by <paramref name="shape"/> and seizes it, then waits for <see cref="Run"/> or
    /// <see cref="Abort"/>. A failed
    /// clone is reported by <see cref="Run"/>, after any error of the planning.</summary>
    public void Start(SandboxShape shape, CpuPlacer placer)
    {
        _thread = new Thread(() =>
        {
            try
            {
                placer.PinTracer();
                shape.Seccomp?.Run();   // the planner needs it halfway; the clone's work is needed only at the end
                var pending = Launcher.Clone(shape, Tracer.Seize);
                _planReady.Wait();
                if (_handoff is not var (tracer, plan)) { pending.Abort(); return; }
                _result = tracer.Run(pending, plan, Started);
            }
            catch (Exception e) { _failure = ExceptionDispatchInfo.Capture(e); }
        }, 4 << 20) { Name = "tracer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>No plan will come (it failed): the waiting sandbox is killed and reaped before this returns.</summary>
    public void Abort()
    {
        _handoff = null;
        _planReady.Set();
        _thread?.Join();
    }

    public TraceResult Run(Tracer tracer, LaunchPlan plan, TimeSpan? timeout)
    {
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle);
        using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle);

        var thread = _thread ?? throw new InvalidOperationException("TraceSession.Start was not called");
        _handoff = (tracer, plan);
        _planReady.Set();
        // --cpu-placement=auto under --trace=security: this thread samples the sandbox's busy tasks while the tracer works.
        long deadline = timeout is TimeSpan t && t > TimeSpan.Zero ? Environment.TickCount64 + (long)t.TotalMilliseconds : long.MaxValue;
        var placer = tracer.Placer;
        long step = placer.Adaptive ? (long)CpuPlacer.SampleInterval.TotalMilliseconds : 24 * 3600 * 1000L;
        while (true)
        {
            long left = deadline == long.MaxValue ? step : deadline - Environment.TickCount64;
            if (left <= 0) { Stop("timeout"); break; }
            if (thread.Join((int)Math.Min(left, step))) break;
            if (placer.Adaptive) placer.Sample();
        }
        thread.Join();
        _failure?.Throw();
        return _result!;
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
