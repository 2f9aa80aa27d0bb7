using Xunit;
using Sandtrace.Cli;
using Sandtrace.Policy;
using Sandtrace.Tests.Support;
using PolicyRecord = Sandtrace.Policy.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>
/// A throwaway directory tree for policy tests: a fake home (so the secret list and the write-root checks do not
/// depend on who runs the tests), a working directory, and a directory for policy files — deliberately different
/// from the working directory, so relative paths show which one they were resolved against.
/// </summary>
internal sealed class PolicyScratch
{
    public string Root { get; } = SandtraceRunner.TempDir();
    public string Home => Path.Combine(Root, "home");
    public string Work => Path.Combine(Root, "work");
    public string Policies => Path.Combine(Root, "policies");

    public PolicyScratch()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Policies);
    }

    public PolicyContext Context(bool unsafeAck = false, string? cwd = null) => new(cwd ?? Work, Home, unsafeAck);

    public string Write(string toml, string name = "policy.toml")
    {
        string path = Path.Combine(Policies, name);
        File.WriteAllText(path, toml);
        return path;
    }

    public PolicyRecord Load(string toml, bool unsafeAck = false, string? cwd = null) =>
        PolicyLoader.Load(Write(toml), Context(unsafeAck, cwd));

    public PolicyError LoadFails(string toml, bool unsafeAck = false, string? cwd = null) =>
        Assert.Throws<PolicyError>(() => Load(toml, unsafeAck, cwd));

    public PolicyRecord Merge(RunArguments a) => PolicyMerger.Merge(a, Context(a.UnsafeAck));
}
