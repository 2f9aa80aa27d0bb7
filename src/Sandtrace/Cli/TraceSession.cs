using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;

namespace Sandtrace.Cli;

/// <summary>
/// Runs the tracer on its own thread and ends the sandbox when the time limit passes or sandtrace is asked to stop
/// (SIGINT, SIGTERM, SIGHUP): the whole PID namespace is killed, the tracer drains the exits, then the caller writes
/// the summary.
/// </summary>
internal sealed class TraceSession
{
    readonly Lock _gate = new();
    Sandbox.Sandbox? _sandbox;
    string? _stopReason;

    public string? StopReason { get { lock (_gate) return _stopReason; } }

    public TraceResult Run(Tracer tracer, LaunchPlan plan, TimeSpan? timeout)
    {
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle);
        using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle);

        TraceResult? result = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = tracer.Run(plan, Started); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, 4 << 20) { Name = "tracer", IsBackground = true };
        thread.Start();
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
        failure?.Throw();
        return result!;
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
