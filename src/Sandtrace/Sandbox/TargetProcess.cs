using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// The last steps of the target before execve: its own session (so it cannot inject input into the user's terminal
/// with TIOCSTI), the signal mask the runtime had cleared, no inherited descriptors beyond stdin/stdout/stderr,
/// the working directory, then execve. An execve failure exits 127.
/// </summary>
internal static class TargetProcess
{
    /// <summary>Signal dispositions: the runtime installs handlers (and ignores SIGPIPE); those must not survive
    /// into the reaper or through execve. Run before the fork so both halves get default dispositions.</summary>
    public static unsafe void AddSignalResetSteps(ChildProgram p)
    {
        long* sigactionDefault = (long*)p.Arena.Alloc(32);   // struct kernel_sigaction zeroed = SIG_DFL
        for (int sig = 1; sig <= Sig.NSIG; sig++)
        {
            if (sig is Sig.SIGKILL or Sig.SIGSTOP) continue;
            p.Syscall($"reset signal {sig} to its default action", Sys.rt_sigaction, [sig, (long)sigactionDefault, 0, 8],
                flags: ChildStep.FlagIgnoreFailure);
        }
    }

    public static unsafe void AddExecSteps(ChildProgram p, LaunchPlan plan, Action beforeExec)
    {
        long* emptyMask = (long*)p.Arena.Alloc(8);
        long pathPtr = (long)p.Arena.CString(plan.TargetPath);
        long argvPtr = (long)p.Arena.CStringArray(plan.Argv);
        long envpPtr = (long)p.Arena.CStringArray(plan.Environment);
        p.Syscall("start a new session (setsid)", Sys.setsid, []);
        NoNewPrivs.AddSteps(p);
        if (plan.Limits != null) ResourceLimitSteps.Add(p, plan.Limits);
        p.Syscall("unblock all signals", Sys.rt_sigprocmask, [SetupConst.SIG_SETMASK, (long)emptyMask, 0, 8]);
        p.Syscall("mark inherited descriptors above 2 close-on-exec", Sys.close_range, [3, uint.MaxValue, SetupConst.CLOSE_RANGE_CLOEXEC]);
        p.Syscall($"enter the working directory {plan.WorkingDirectory}", Sys.chdir, [(long)p.Arena.CString(plan.WorkingDirectory)]);
        beforeExec();
        p.Syscall($"execute {plan.TargetPath}", Sys.execve, [pathPtr, argvPtr, envpPtr], failExit: ChildProgram.ExitExecFailed);
    }
}
