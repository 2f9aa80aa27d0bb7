namespace Sandtrace.Native;

/// <summary>wait4 flags and status decoding (sys/wait.h).</summary>
internal static class Wait
{
    public const int WNOHANG = 1, __WALL = 0x40000000;

    public static bool Exited(int s) => (s & 0x7f) == 0;
    public static int ExitCode(int s) => (s >> 8) & 0xff;
    public static bool Signaled(int s) => (s & 0x7f) != 0 && (s & 0x7f) != 0x7f;
    public static int TermSignal(int s) => s & 0x7f;
    public static bool CoreDumped(int s) => (s & 0x80) != 0;
    public static bool Stopped(int s) => (s & 0xff) == 0x7f;
    public static int StopSignal(int s) => (s >> 8) & 0xff;
    public static int PtraceEvent(int s) => (s >> 16) & 0xff;
}
