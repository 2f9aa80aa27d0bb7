using Sandtrace.Sandbox;

namespace Sandtrace.Tracing;

/// <summary>What the tracer knows about the layers in force, to refuse deny-rule paths and to say which layer
/// denied a failed call. Empty with --trace-only.</summary>
internal sealed record Enforcement(
    FilesystemView? View,
    DenyRules DenyRules,
    Func<long, bool>? SeccompDenies,
    bool Landlock,
    bool NetworkIsolated,
    IReadOnlySet<string> Interpreters,
    bool SealMemfds = false,
    IReadOnlyDictionary<string, string>? DeniedAddresses = null)
{
    public static Enforcement None { get; } = new(null, new DenyRules([]), null, false, false, new HashSet<string>());
    public bool Active => View != null;
}
