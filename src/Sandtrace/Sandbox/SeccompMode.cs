namespace Sandtrace.Sandbox;

/// <summary>What the seccomp filter is for.</summary>
internal enum SeccompMode
{
    /// <summary>Layer 7 with `--trace=all`: denied calls return EPERM in the kernel; the tracer sees every call anyway.</summary>
    Enforce,
    /// <summary>Layer 7 with `--trace=security`: the security-relevant calls stop in the tracer (SECCOMP_RET_TRACE),
    /// nothing else does; denied calls stop there too so each becomes an event, and the tracer fails them with their
    /// errno. Without a tracer the kernel fails a RET_TRACE call with ENOSYS: still refused.</summary>
    EnforceThroughTracer,
    /// <summary>`--trace-only --trace=security`: only the tracing part; nothing is denied, other ABIs run.</summary>
    TraceOnly,
}
