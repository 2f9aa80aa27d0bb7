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

    /// <summary>read-only | workspace | network | off (<see cref="PolicyProfiles"/>); null when the file sets none.
    /// "off" means no sandbox: the run command treats it like --trace-only.</summary>
    public string? Profile { get; init; }

    /// <summary>Environment variables passed through: exact names or "PREFIX*". Everything else is cleared.</summary>
    public ImmutableArray<string> EnvInherit { get; init; } = DefaultEnvInherit;

    /// <summary>Fixed values set in the sandbox (after inheritance).</summary>
    public ImmutableDictionary<string, string> EnvSet { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Host names the sandbox cannot resolve: exact ("example.com") or "*.suffix".</summary>
    public ImmutableArray<string> DeniedDomains { get; init; } = [];

    public ResourceLimits Limits { get; init; } = ResourceLimits.None;

    /// <summary>[trace] depth; null: not set (the --trace flag, else "all").</summary>
    public Tracing.TraceDepth? TraceDepth { get; init; }

    /// <summary>The user acknowledged an unsafe mode (profile "off", network with no sandbox): --unsafe-ack.</summary>
    public bool UnsafeAcknowledged { get; init; }

    /// <summary>Things worth saying before the run (an allowed secret, a repeated entry…), shown on stderr.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Built-in secrets (<see cref="SecretPaths"/>, home expanded) the user allowed by name, so they are not
    /// denied in this run (<see cref="SecretAllowance"/>).</summary>
    public ImmutableArray<string> LiftedSecrets { get; init; } = [];

    public static readonly ImmutableArray<string> DefaultEnvInherit =
        ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_*", "TERM", "COLORTERM", "TZ", "SHELL", "NO_COLOR"];

    /// <summary>True when no policy file was given: the launch planner adds the program's own directory.</summary>
    public bool IsDefault { get; init; }

    public static Policy Default { get; } = DefaultPolicy.Create() with { IsDefault = true };

    /// <summary>
    /// What the launcher must deny: the policy's own deny rules, then the built-in secrets for
    /// <paramref name="home"/> except those lifted by an explicit allow. Pass the same home the policy was read with
    /// (<see cref="PolicyContext.CurrentHome"/>).
    /// </summary>
    public IReadOnlyList<string> EffectiveDenyPatterns(string home)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var d in Deny) if (seen.Add(d)) result.Add(d);
        foreach (var s in SecretPaths.Patterns(home))
            if (!LiftedSecrets.Contains(s) && seen.Add(s)) result.Add(s);
        return result;
    }
}
