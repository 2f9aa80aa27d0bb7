using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 3. A new PID namespace whose PID 1 is a tiny reaper (not the target): it reaps orphans, and when it dies
/// the kernel kills everything left in the namespace, which is how a timeout or Ctrl-C ends the whole sandbox.
/// A fresh /proc is mounted so the sandbox sees only its own processes.
/// </summary>
internal static class PidNamespace
{
    public const long CloneFlag = CloneFlags.NEWPID;

    public static LayerStatus Status() =>
        new(3, "pid namespace", true, "own PID 1 reaper and fresh /proc; host processes invisible");

    public static unsafe void AddSteps(ChildProgram p)
    {
        p.Syscall("mount a fresh /proc for the new PID namespace", Sys.mount,
            [(long)p.Arena.CString("proc"), (long)p.Arena.CString("/proc"), (long)p.Arena.CString("proc"),
             SetupConst.MS_NOSUID | SetupConst.MS_NODEV | SetupConst.MS_NOEXEC, 0]);
    }
}
