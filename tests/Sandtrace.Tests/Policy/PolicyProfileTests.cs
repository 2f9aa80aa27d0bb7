using Xunit;
using Sandtrace.Policy;
using PolicyRecord = Sandtrace.Policy.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>The top-level `profile` key: each profile's effective lists, and how the file refines them.</summary>
public class PolicyProfileTests
{
    readonly PolicyScratch _s = new();

    static readonly string[] SystemTrees = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc"];

    [Fact]
    public void Read_only_is_the_system_trees_readable_nothing_writable_no_network()
    {
        var p = _s.Load("profile = \"read-only\"\n");
        Assert.Equal("read-only", p.Profile);
        Assert.Equal(SystemTrees, p.AllowRead);
        Assert.Empty(p.AllowWrite);
        Assert.Empty(p.AllowExec);
        Assert.False(p.AllowNetwork);
        Assert.Equal(PolicyRecord.DefaultEnvInherit.ToArray(), p.EnvInherit);
        Assert.Empty(p.Warnings);
    }

    [Fact]
    public void Workspace_adds_the_working_directory_read_write()
    {
        var p = _s.Load("profile = \"workspace\"\n");
        Assert.Equal(SystemTrees.Append(_s.Work), p.AllowRead);
        Assert.Equal(new[] { _s.Work }, p.AllowWrite);
        Assert.False(p.AllowNetwork);
    }

    [Fact]
    public void Network_is_workspace_plus_the_network()
    {
        var p = _s.Load("profile = \"network\"\n");
        Assert.Equal(SystemTrees.Append(_s.Work), p.AllowRead);
        Assert.Equal(new[] { _s.Work }, p.AllowWrite);
        Assert.True(p.AllowNetwork);
    }

    [Fact]
    public void Off_needs_unsafe_ack()
    {
        var e = _s.LoadFails("profile = \"off\"\n");
        Assert.Equal(PolicyError.Denied, e.Code);
        Assert.Contains(":1:11: E_POLICY_DENIED: profile 'off' runs the program with no sandbox", e.Message);
        Assert.Contains("--unsafe-ack", e.Message);

        var p = _s.Load("profile = \"off\"\n", unsafeAck: true);
        Assert.Equal("off", p.Profile);
        Assert.True(p.UnsafeAcknowledged);
        Assert.Empty(p.AllowRead);
        Assert.Contains(p.Warnings, w => w.Contains("no sandbox"));
    }

    [Fact]
    public void Without_a_profile_the_file_means_exactly_what_it_lists()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"/usr\"]\n");
        Assert.Null(p.Profile);
        Assert.Equal(new[] { "/usr" }, p.AllowRead);
        Assert.Empty(p.AllowWrite);
        Assert.False(p.AllowNetwork);
        Assert.Equal(TimeSpan.FromSeconds(30), p.Timeout);
    }

    [Fact]
    public void The_file_adds_to_the_profiles_lists_and_replaces_its_single_values()
    {
        var p = _s.Load("profile = \"network\"\n[filesystem]\nallow_read = [\"/opt\"]\nallow_write = [\"/srv/out\"]\n[network]\nallow = false\n");
        Assert.Equal(SystemTrees.Append(_s.Work).Append("/opt"), p.AllowRead);
        Assert.Equal(new[] { _s.Work, "/srv/out" }, p.AllowWrite);
        Assert.False(p.AllowNetwork);
    }

    [Fact]
    public void An_entry_the_profile_already_has_is_a_warning_not_an_error()
    {
        var p = _s.Load("profile = \"read-only\"\n[filesystem]\nallow_read = [\"/usr\"]\n");
        Assert.Equal(SystemTrees, p.AllowRead);
        var w = Assert.Single(p.Warnings);
        Assert.Contains("policy.toml:3:15: duplicate entry in [filesystem] allow_read: '/usr' is already listed by profile 'read-only'", w);
    }

    [Fact]
    public void Workspace_refuses_to_make_the_home_directory_writable()
    {
        var e = _s.LoadFails("profile = \"workspace\"\n", cwd: _s.Home);
        Assert.Equal(PolicyError.Denied, e.Code);
        Assert.Contains(":1:11: E_POLICY_DENIED: profile 'workspace' (the current directory", e.Message);
        Assert.Contains("your home directory", e.Message);
    }

    [Fact]
    public void Unknown_profile_suggests_the_closest()
    {
        var e = _s.LoadFails("profile = \"readonly\"\n");
        Assert.Equal(PolicyError.Invalid, e.Code);
        Assert.Contains(":1:11: E_POLICY_INVALID: unknown profile 'readonly' (did you mean 'read-only'?); profile is one of", e.Message);
    }

    [Fact]
    public void Without_policy_the_default_is_read_only_and_marked_default()
    {
        var p = PolicyRecord.Default;
        Assert.True(p.IsDefault);
        Assert.Equal("read-only", p.Profile);
        Assert.Equal(SystemTrees, p.AllowRead);
        Assert.Empty(p.AllowWrite);
        Assert.False(p.AllowNetwork);
    }
}
