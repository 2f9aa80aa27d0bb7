namespace Sandtrace.Tracing;

/// <summary>
/// Maps an errno value (positive, as in -ret) to its name: the Linux errnos 1..133 and the kernel-internal
/// 512..531 that a tracer can see at syscall-exit stops (ERESTARTSYS and friends). Unknown numbers read "E&lt;n&gt;".
/// Known names are string literals; unknown ones are built once and cached, so lookups do not allocate after
/// the first sighting of a number. Tables: <c>ErrnoNames.g.cs</c>.
/// </summary>
internal static partial class ErrnoNames
{
    const int KernelBase = 512;
    // Syscall errors lie in 1..4095 (MAX_ERRNO); anything else is not worth caching.
    const int MaxCached = 4096;
    // Made at the first unknown number: a 32 KiB array the first failed call of every run would otherwise allocate
    // and clear while the traced program waits at its stop.
    static string?[]? _unknown;

    public static string Get(int errno)
    {
        if ((uint)errno < (uint)UserErrnos.Length && UserErrnos[errno] is { } user) return user;
        if ((uint)(errno - KernelBase) < (uint)KernelErrnos.Length && KernelErrnos[errno - KernelBase] is { } kernel)
            return kernel;
        if ((uint)errno >= MaxCached) return "E" + errno.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Racing threads may both build the array or the string; either copy is fine.
        var unknown = Volatile.Read(ref _unknown) ?? Interlocked.CompareExchange(ref _unknown, new string?[MaxCached], null) ?? _unknown!;
        return Volatile.Read(ref unknown[errno])
            ?? Interlocked.CompareExchange(ref unknown[errno], "E" + errno.ToString(System.Globalization.CultureInfo.InvariantCulture), null)
            ?? unknown[errno]!;
    }
}
