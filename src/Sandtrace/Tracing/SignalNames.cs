namespace Sandtrace.Tracing;

/// <summary>
/// Maps a signal number to its name. 1..31 are the x86_64 standard signals ("SIGHUP".."SIGSYS"). Real-time
/// signals are named relative to glibc's SIGRTMIN, which is 34 because glibc keeps the kernel's first two
/// (32, 33) for thread cancellation and setxid: 32 = "SIGRTMIN-2", 33 = "SIGRTMIN-1", 34 = "SIGRTMIN",
/// 35..63 = "SIGRTMIN+1".."SIGRTMIN+29", 64 = "SIGRTMAX" (the names a program sees through glibc's macros).
/// 0 (kill's existence probe) reads "0"; anything else "SIG&lt;n&gt;". Lookups do not allocate: real-time and
/// unknown names are built once and cached. Table: <c>SignalNames.g.cs</c>.
/// </summary>
internal static partial class SignalNames
{
    const int GlibcRtMin = 34;
    const int RtMax = 64;
    const int MaxCached = 256;
    static readonly string?[] Built = new string?[MaxCached];

    public static string Get(int sig)
    {
        if (sig == 0) return "0";
        if ((uint)sig < (uint)Standard.Length && Standard[sig] is { } name) return name;
        if ((uint)sig >= MaxCached) return Build(sig);
        return Volatile.Read(ref Built[sig])
            ?? Interlocked.CompareExchange(ref Built[sig], Build(sig), null)
            ?? Built[sig]!;
    }

    static string Build(int sig) => sig switch
    {
        GlibcRtMin => "SIGRTMIN",
        RtMax => "SIGRTMAX",
        >= 32 and < GlibcRtMin => "SIGRTMIN-" + (GlibcRtMin - sig).ToString(System.Globalization.CultureInfo.InvariantCulture),
        > GlibcRtMin and < RtMax => "SIGRTMIN+" + (sig - GlibcRtMin).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "SIG" + sig.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
