namespace Sandtrace.Tracing;

/// <summary>How much the tracer stops on. All: every syscall (PTRACE_SYSCALL, two stops per call) — what the spec's
/// `run` documents and the default. Security: only the calls a seccomp filter marks (SECCOMP_RET_TRACE): paths,
/// exec, process creation, peers of network calls, memfds, every denied and log_only call; nothing else stops.</summary>
internal enum TraceDepth { All, Security }

/// <summary>What the tracer follows and how it marks calls.</summary>
internal sealed record TraceOptions(bool FollowForks, IReadOnlySet<string> LogOnlySyscalls, TraceDepth Depth = TraceDepth.All,
    CpuPlacement CpuPlacement = CpuPlacement.Auto);
