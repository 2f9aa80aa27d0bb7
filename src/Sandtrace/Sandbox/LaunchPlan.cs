namespace Sandtrace.Sandbox;

/// <summary>One sandbox layer as it will be applied (or not) for this run; printed on stderr so nothing claims
/// to be enforced when it is not.</summary>
internal sealed record LayerStatus(int Number, string Name, bool Active, string Detail);

/// <summary>
/// Everything decided before the child is released: what to execute, with which environment, and which layers are
/// active. Pure data; the <see cref="Launcher"/> turns it into the rest of the child's program (the namespaces and ids
/// of the clone itself are the <see cref="SandboxShape"/>'s).
/// </summary>
internal sealed record LaunchPlan(
    string TargetPath,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Environment,
    string WorkingDirectory,
    bool NewNetworkNamespace,
    uint HostUid,
    IReadOnlyList<LayerStatus> Layers,
    /// <summary>The built filesystem; null with --trace-only (the host filesystem is visible).</summary>
    FilesystemView? View = null,
    IReadOnlyList<string>? Warnings = null,
    /// <summary>Deny patterns in force (policy + built-in secrets); empty with --trace-only.</summary>
    IReadOnlyList<string>? DenyPatterns = null,
    /// <summary>Layer 6: the ruleset the target enforces before execve; null with --trace-only.</summary>
    LandlockRuleset? Landlock = null,
    /// <summary>Files whose direct execution the tracer refuses (the ELF interpreters: "ld.so PROGRAM" would load
    /// PROGRAM with mmap, which Landlock's EXECUTE right does not see).</summary>
    IReadOnlyList<string>? Interpreters = null,
    /// <summary>Layer 7: the filter the target installs last before execve; null with --trace-only.</summary>
    SeccompFilter? Seccomp = null,
    /// <summary>[limits] applied as rlimits before execve.</summary>
    Policy.ResourceLimits? Limits = null,
    /// <summary>The /etc/hosts the sandbox sees when [network] denied_domains is set (null: the host's, if visible).</summary>
    string? HostsFile = null,
    /// <summary>Addresses of denied domains (address → pattern) the tracer refuses connects to.</summary>
    IReadOnlyDictionary<string, string>? DeniedAddresses = null);
