namespace Sandtrace.Sandbox;

/// <summary>
/// What must be known to clone the sandbox, decided from the policy alone so the clone (namespaces, id maps, attach)
/// runs while the rest of the plan is made: the namespaces (<see cref="CloneFlags"/>; the network namespace, when
/// <see cref="NewNetworkNamespace"/>, is made by the child right after the clone), the host ids, the pids limit, and the
/// Landlock ruleset the child will inherit — created empty here, filled with the view's rules by the planner. A ruleset
/// that cannot be created is kept as <see cref="LandlockError"/> and raised by the planner where it always was (after
/// the program is resolved), so the same mistake gives the same message as before. <see cref="Seccomp"/> is the filter
/// to generate (from the policy alone too), by the tracer thread before it clones, or by the planner if it gets there
/// first; the planner runs its self-check (Seccomp.Verify) before the plan can use it. <see cref="BuildsRoot"/>: the
/// sandbox gets a root of its own (not --trace-only), whose first steps PID 1 takes before the plan exists
/// (<see cref="MountNamespace.AddStagingSteps"/>).
/// </summary>
internal sealed record SandboxShape(
    long CloneFlags,
    bool NewNetworkNamespace,
    uint HostUid,
    uint HostGid,
    long? MaxProcesses,
    LandlockRuleset? Landlock = null,
    SandboxError? LandlockError = null,
    BackgroundBuild<SeccompFilter>? Seccomp = null,
    bool BuildsRoot = false);
