using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>[network] allow (true/false) and denied_domains (host names or "*.suffix", <see cref="HostPattern"/>).</summary>
internal static class NetworkSection
{
    public static readonly string[] Keys = ["allow", "denied_domains"];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        if (e.Key == "allow")
        {
            d.AllowNetwork = src.Boolean(e);
            return;
        }
        foreach (var (value, at) in src.Strings(e, d.DeniedDomains.Name))
        {
            if (HostPattern.Check(value) is PolicyProblem problem) throw src.Error(at, problem);
            if (d.DeniedDomains.Add(value, value, "at " + src.At(at)) is string duplicate) src.Warn(at, duplicate);
        }
    }
}
