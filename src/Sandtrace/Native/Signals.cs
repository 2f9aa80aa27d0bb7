namespace Sandtrace.Native;

/// <summary>Signal numbers (x86_64) the launcher and tracer act on.</summary>
internal static class Sig
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGTRAP = 5, SIGKILL = 9, SIGPIPE = 13, SIGTERM = 15,
        SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, NSIG = 64;

    public static bool IsStopSignal(int s) => s is SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU;
}
