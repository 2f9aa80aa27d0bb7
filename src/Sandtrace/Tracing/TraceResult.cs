namespace Sandtrace.Tracing;

/// <summary>How the traced run ended, as the tracer saw it.</summary>
internal sealed record TraceResult(
    /// <summary>wait status of the target (the program the user named), if it ran.</summary>
    int? TargetStatus,
    bool TargetExeced,
    /// <summary>The sandbox child's report of a failed setup step: (step, errno, was the execve).</summary>
    (string Step, int Errno, bool IsExec)? SetupFailure);
