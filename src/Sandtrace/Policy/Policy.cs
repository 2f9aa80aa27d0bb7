using System.Collections.Immutable;

namespace Sandtrace.Policy;

/// <summary>
/// The validated, immutable policy a run is launched with: the policy file (if any) with the command-line flags
/// merged over it. Everything downstream (launch plan, tracer, sinks) reads it and nothing changes it.
/// </summary>
internal sealed record Policy
{
    public ImmutableArray<string> AllowRead { get; init; } = [];
    public ImmutableArray<string> AllowWrite { get; init; } = [];
    public ImmutableArray<string> AllowExec { get; init; } = [];
    public ImmutableArray<string> Deny { get; init; } = [];
    /// <summary>--allow-exec: the program may execute any binary it can read, not only the target.</summary>
    public bool AllowExecAny { get; init; }
    public bool AllowNetwork { get; init; }
    public ImmutableArray<string> DenySyscalls { get; init; } = [];
    public ImmutableArray<string> LogOnlySyscalls { get; init; } = [];
    /// <summary>Wall-clock limit for the whole sandbox; null means none.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The policy file this came from, if any (for messages).</summary>
    public string? SourceFile { get; init; }

    /// <summary>True when no policy file was given: the launch planner adds the program's own directory.</summary>
    public bool IsDefault { get; init; }

    public static Policy Default { get; } = DefaultPolicy.Create() with { IsDefault = true };
}
