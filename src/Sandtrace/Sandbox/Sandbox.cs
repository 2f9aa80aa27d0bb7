using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A started sandbox: its PID 1 (the reaper, our direct child) and what is needed to stop it or to explain a
/// failure of the child's setup.
/// </summary>
internal sealed class Sandbox : IDisposable
{
    readonly int _pidfd;
    readonly int _reportFd;
    readonly IReadOnlyList<string> _stepNames;

    public int ReaperPid { get; }

    internal Sandbox(int reaperPid, int pidfd, int reportFd, IReadOnlyList<string> stepNames)
    {
        ReaperPid = reaperPid;
        _pidfd = pidfd;
        _reportFd = reportFd;
        _stepNames = stepNames;
    }

    /// <summary>Kills every process in the sandbox: SIGKILL to its PID 1 makes the kernel kill the whole PID
    /// namespace. Through a pidfd, so a recycled pid can never be hit. Safe to call from any thread, repeatedly.</summary>
    public void KillAll()
    {
        RawSyscall.Call(Sys.pidfd_send_signal, _pidfd, Sig.SIGKILL, 0, 0);
    }

    /// <summary>Kills the sandbox and reaps everything this thread waits for (PID 1, tracees) until none is left. For a
    /// released sandbox that will not be traced; on the thread that seized it.</summary>
    public unsafe void KillAndReap()
    {
        KillAll();
        int status;
        while (Libc.Wait4(-1, &status, Wait.__WALL, null) > 0 || System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 4) { }
    }

    /// <summary>How a failed setup step is reported to the user, wherever the failure is noticed.</summary>
    public static string SetupFailure(string step, int errno) => $"sandbox setup failed at '{step}': {Errno.Describe(errno)}";

    /// <summary>The child's own account of a failed setup step, if it wrote one: (step description, errno).</summary>
    public unsafe (string Step, int Errno, bool IsExec)? ReadFailure()
    {
        long* rep = stackalloc long[2];
        long n = RawSyscall.Call(Sys.read, _reportFd, (long)rep, 16);
        if (n != 16 || rep[0] < 0 || rep[0] >= _stepNames.Count) return null;
        string name = _stepNames[(int)rep[0]];
        return (name, (int)rep[1], name.StartsWith("execute ", StringComparison.Ordinal));
    }

    /// <summary>Resources the sandbox holds on the host (the pids cgroup of a root run), released with it.</summary>
    internal IDisposable? HostResources { get; set; }

    public void Dispose()
    {
        HostResources?.Dispose();
        RawSyscall.Call(Sys.close, _pidfd);
        RawSyscall.Call(Sys.close, _reportFd);
    }
}
