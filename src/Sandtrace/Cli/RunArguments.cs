namespace Sandtrace.Cli;

/// <summary>The `run` command line, as typed: flags are kept apart from the policy until they are merged over it.</summary>
internal sealed record RunArguments
{
    public string? PolicyFile { get; init; }
    public IReadOnlyList<string> AllowPaths { get; init; } = [];
    public bool? AllowNet { get; init; }
    public bool? AllowExec { get; init; }
    public string? Output { get; init; }
    /// <summary>Seconds; 0 disables the limit. Null: the policy's (or the default 30).</summary>
    public double? TimeoutSeconds { get; init; }
    public bool TraceOnly { get; init; }
    /// <summary>Run even when a layer the kernel lacks (Landlock, seccomp) cannot be applied, saying so.</summary>
    public bool BestEffort { get; init; }
    public bool FollowForks { get; init; } = true;
    public bool NoColor { get; init; }
    public int Verbosity { get; init; }
    public bool Help { get; init; }
    /// <summary>--trace=all|security; null: the policy's [trace] depth, else all.</summary>
    public Tracing.TraceDepth? TraceDepth { get; init; }
    /// <summary>--cpu-placement=auto|none|same|follow.</summary>
    public Tracing.CpuPlacement CpuPlacement { get; init; } = Tracing.CpuPlacement.Auto;
    /// <summary>--explain-policy: print the merged policy and its warnings on stdout and run nothing.</summary>
    public bool ExplainPolicy { get; init; }
    /// <summary>--unsafe-ack: the user accepts an unsafe mode (profile "off", network with no sandbox, injection
    /// variables in [env]); without it those are refused (exit 78).</summary>
    public bool UnsafeAck { get; init; }
    public IReadOnlyList<string> Command { get; init; } = [];
}
