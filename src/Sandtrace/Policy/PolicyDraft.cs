using System.Collections.Immutable;

namespace Sandtrace.Policy;

/// <summary>
/// A policy while a file is being read: the profile's defaults first, then each section refining them. Mutable only
/// here; <see cref="ToPolicy"/> produces the immutable <see cref="Policy"/> everything else sees.
/// </summary>
internal sealed class PolicyDraft
{
    public string? Profile;
    public readonly EntryList AllowRead = new("[filesystem] allow_read");
    public readonly EntryList AllowWrite = new("[filesystem] allow_write");
    public readonly EntryList AllowExec = new("[filesystem] allow_exec");
    public readonly EntryList Deny = new("[filesystem] deny");
    public readonly EntryList DenySyscalls = new("[syscalls] deny");
    public readonly EntryList LogOnlySyscalls = new("[syscalls] log_only");
    public readonly EntryList DeniedDomains = new("[network] denied_domains");
    public readonly EntryList EnvInherit = new("[env] inherit");
    /// <summary>Set when the file has its own [env] inherit; without a profile that list replaces the default.</summary>
    public bool EnvInheritGiven;
    public readonly Dictionary<string, string> EnvSet = new(StringComparer.Ordinal);
    public bool AllowNetwork;
    public TimeSpan? Timeout = TimeSpan.FromSeconds(30);
    public ResourceLimits Limits = ResourceLimits.None;
    public Tracing.TraceDepth? TraceDepth;
    public readonly List<string> LiftedSecrets = [];

    public Policy ToPolicy(string sourceFile, IEnumerable<string> warnings, bool unsafeAck) => new()
    {
        SourceFile = sourceFile,
        Profile = Profile,
        AllowRead = AllowRead.ToImmutableArray(),
        AllowWrite = AllowWrite.ToImmutableArray(),
        AllowExec = AllowExec.ToImmutableArray(),
        Deny = Deny.ToImmutableArray(),
        AllowNetwork = AllowNetwork,
        DeniedDomains = DeniedDomains.ToImmutableArray(),
        DenySyscalls = DenySyscalls.ToImmutableArray(),
        LogOnlySyscalls = LogOnlySyscalls.ToImmutableArray(),
        Timeout = Timeout,
        Limits = Limits,
        TraceDepth = TraceDepth,
        EnvInherit = Profile == null && !EnvInheritGiven ? Policy.DefaultEnvInherit : EnvInherit.ToImmutableArray(),
        EnvSet = EnvSet.ToImmutableDictionary(StringComparer.Ordinal),
        LiftedSecrets = [.. LiftedSecrets.Distinct()],
        UnsafeAcknowledged = unsafeAck,
        Warnings = [.. warnings],
    };
}
