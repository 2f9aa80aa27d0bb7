using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A sandbox cloned ahead of its program (<see cref="Launcher.Clone"/>): PID 1 exists in its namespaces, has its id
/// maps, is attached to the tracer and blocks on the sync pipe (after making its network namespace, when it has one).
/// <see cref="Release"/> publishes the plan's steps, appended to the shared program meanwhile
/// (<see cref="Launcher.AddPlanSteps"/>), and lets it run; <see cref="Abort"/> kills it when the plan cannot be made
/// (bad command, a layer that cannot be applied) so nothing of it outlives sandtrace's error message. The program's
/// arena belongs to its <see cref="LaunchProgram"/>.
/// </summary>
internal sealed unsafe class PendingSandbox
{
    readonly Sandbox _sandbox;
    readonly ChildProgram _program;
    int _syncFd;

    /// <summary>Microseconds the clone took: namespaces, id maps, attach (SANDTRACE_STATS).</summary>
    public long CloneUs { get; internal set; }

    /// <summary>Whether the no-GC region opened before planning was still in force at the clone (SANDTRACE_STATS).</summary>
    public bool NoGcWindowHeld { get; internal set; }

    internal PendingSandbox(Sandbox sandbox, ChildProgram program, int syncFd) =>
        (_sandbox, _program, _syncFd) = (sandbox, program, syncFd);

    /// <summary>Publishes the child's program, complete with the plan's steps, and releases it. Returns the running sandbox.</summary>
    public Sandbox Release()
    {
        try
        {
            _program.Publish();
            // The pipe write orders the published steps before the child's read of them.
            byte go = 1;
            Launcher.Check(RawSyscall.Call(Sys.write, _syncFd, (long)&go, 1), "release the sandboxed child");
        }
        catch
        {
            Abort();
            throw;
        }
        RawSyscall.Call(Sys.close, _syncFd);
        _syncFd = -1;
        return _sandbox;
    }

    /// <summary>Kills and reaps the waiting child and releases everything it holds. Idempotent.</summary>
    public void Abort()
    {
        if (_syncFd < 0) return;
        _sandbox.KillAll();
        RawSyscall.Call(Sys.kill, _sandbox.ReaperPid, Sig.SIGKILL);   // in case pidfd_open failed
        RawSyscall.Call(Sys.close, _syncFd);
        _syncFd = -1;
        int status;
        Libc.Wait4(_sandbox.ReaperPid, &status, Wait.__WALL, null);
        _sandbox.Dispose();
    }
}
