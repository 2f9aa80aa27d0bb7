using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A sandbox cloned ahead of its program (<see cref="Launcher.Clone"/>): PID 1 exists in its namespaces, has its id
/// maps, is attached to the tracer and blocks on the sync pipe after the steps that need no plan (its network
/// namespace, the signal resets, private mounts and, once <see cref="LetSetUp"/> lets it, the staging root).
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

    /// <summary>Lets the child run the steps that need no plan (<see cref="MountNamespace.AddStagingSteps"/>) once its id
    /// maps are written and the tracer is attached. Returns an error message, or null.</summary>
    public string? LetSetUp()
    {
        byte go = 1;
        long r = RawSyscall.Call(Sys.write, _syncFd, (long)&go, 1);
        return r == 1 ? null : $"cannot let the sandboxed child set up: {Errno.Describe((int)-r)}";
    }

    /// <summary>Publishes the child's program, complete with the plan's steps, and releases it. Returns the running sandbox.</summary>
    /// <exception cref="SandboxError">the child ended before its release (exit 125); it is reaped.</exception>
    public Sandbox Release()
    {
        _program.Publish();
        // The pipe write orders the published steps before the child's read of them.
        byte go = 1;
        long r = RawSyscall.Call(Sys.write, _syncFd, (long)&go, 1);
        if (r != 1)
        {
            var reported = ReportedFailure();
            Abort();
            throw reported ?? new SandboxError($"cannot release the sandboxed child: {Errno.Describe((int)-r)}", 125);
        }
        RawSyscall.Call(Sys.close, _syncFd);
        _syncFd = -1;
        return _sandbox;
    }

    /// <summary>Why the child ended before its release, when it said so: the step that failed (its network namespace,
    /// the staging root). Call it when talking to the child failed, before <see cref="Abort"/>.</summary>
    public SandboxError? ReportedFailure() => _sandbox.ReadFailure() is var (step, errno, _)
        ? new SandboxError(Sandbox.SetupFailure(step, errno), 125)
        : null;

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
