namespace Sandtrace.Sandbox;

/// <summary>One sandbox layer as it will be applied (or not) for this run; printed on stderr so nothing claims
/// to be enforced when it is not.</summary>
internal sealed record LayerStatus(int Number, string Name, bool Active, string Detail);

/// <summary>
/// Everything decided before the child exists: what to execute, with which environment, in which namespaces, and
/// which layers are active. Pure data; the <see cref="Launcher"/> turns it into a child program.
/// </summary>
internal sealed record LaunchPlan(
    string TargetPath,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Environment,
    string WorkingDirectory,
    long CloneFlags,
    bool NewNetworkNamespace,
    uint HostUid,
    uint HostGid,
    IReadOnlyList<LayerStatus> Layers);
