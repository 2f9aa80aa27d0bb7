using System.Collections.Immutable;

namespace Sandtrace.Policy;

/// <summary>
/// What a run without --policy may do — profile "read-only": read the system's read-only trees (and the program's own
/// directory, added by the launch planner), write nothing, no network. Secrets stay denied (<see cref="SecretPaths"/>).
/// </summary>
internal static class DefaultPolicy
{
    public static readonly ImmutableArray<string> SystemReadOnly = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc"];

    public static Policy Create() => new() { AllowRead = SystemReadOnly, Profile = PolicyProfiles.ReadOnly };
}
