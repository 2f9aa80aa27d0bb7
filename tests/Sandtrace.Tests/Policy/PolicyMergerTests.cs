using Xunit;
using Sandtrace.Cli;
using Sandtrace.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>Command-line flags over the policy: same checks as the file, errors naming the flag.</summary>
public class PolicyMergerTests
{
    readonly PolicyScratch _s = new();

    [Fact]
    public void Allow_path_adds_read_and_write_relative_to_the_working_directory()
    {
        var p = _s.Merge(new RunArguments { AllowPaths = ["out", "~/cache"] });
        string @out = Path.Combine(_s.Work, "out"), cache = Path.Combine(_s.Home, "cache");
        Assert.Equal(new[] { @out, cache }, p.AllowWrite);
        Assert.Contains(@out, p.AllowRead);
        Assert.Contains(cache, p.AllowRead);
        Assert.True(p.IsDefault);
    }

    [Theory]
    [InlineData("/", "--allow-path /: E_POLICY_DENIED: '/' makes the whole filesystem writable; allow only a directory the program must write, e.g. --allow-path ./out")]
    [InlineData("~", "--allow-path ~: E_POLICY_DENIED: '~' makes your home directory")]
    [InlineData("/srv/**", "--allow-path /srv/**: E_POLICY_INVALID: '/srv/**': '**' is only supported in deny")]
    public void Allow_path_is_checked_like_allow_write(string path, string message)
    {
        var e = Assert.Throws<PolicyError>(() => _s.Merge(new RunArguments { AllowPaths = [path] }));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Allow_path_refuses_home_and_its_parents_by_full_path()
    {
        var home = Assert.Throws<PolicyError>(() => _s.Merge(new RunArguments { AllowPaths = [_s.Home] }));
        Assert.StartsWith($"--allow-path {_s.Home}: E_POLICY_DENIED: '{_s.Home}' makes your home directory {_s.Home} writable", home.Message);
        var parent = Assert.Throws<PolicyError>(() => _s.Merge(new RunArguments { AllowPaths = [_s.Root] }));
        Assert.Contains("which contains your home directory", parent.Message);
    }

    [Fact]
    public void Allow_path_of_a_secret_lifts_it_with_a_warning()
    {
        var p = _s.Merge(new RunArguments { AllowPaths = ["~/.ssh"] });
        string ssh = Path.Combine(_s.Home, ".ssh");
        Assert.Equal(new[] { ssh }, p.LiftedSecrets);
        Assert.DoesNotContain(ssh, p.EffectiveDenyPatterns(_s.Home));
        Assert.StartsWith("--allow-path: '~/.ssh' exposes", Assert.Single(p.Warnings));
    }

    [Fact]
    public void A_repeated_allow_path_is_a_warning()
    {
        var p = _s.Merge(new RunArguments { AllowPaths = ["out", "./out"] });
        Assert.Single(p.AllowWrite);
        Assert.Contains("--allow-path ./out: duplicate entry in allow_write", Assert.Single(p.Warnings));
    }

    [Fact]
    public void Network_with_trace_only_needs_unsafe_ack()
    {
        var e = Assert.Throws<PolicyError>(() => _s.Merge(new RunArguments { TraceOnly = true, AllowNet = true }));
        Assert.Equal(PolicyError.Denied, e.Code);
        Assert.StartsWith("--allow-net: E_POLICY_DENIED: network access with --trace-only", e.Message);
        Assert.Contains("pass --unsafe-ack", e.Message);

        var p = _s.Merge(new RunArguments { TraceOnly = true, AllowNet = true, UnsafeAck = true });
        Assert.True(p.AllowNetwork);
        Assert.True(p.UnsafeAcknowledged);
        Assert.Contains("(allowed by --unsafe-ack)", Assert.Single(p.Warnings));
    }

    [Fact]
    public void A_policy_allowing_the_network_with_trace_only_names_trace_only()
    {
        string file = _s.Write("profile = \"network\"\n");
        var e = Assert.Throws<PolicyError>(() => _s.Merge(new RunArguments { PolicyFile = file, TraceOnly = true }));
        Assert.StartsWith("--trace-only: E_POLICY_DENIED: ", e.Message);
        Assert.Contains("(the policy allows the network)", e.Message);
        // --allow-net=false over the profile keeps the sandbox question moot.
        var p = _s.Merge(new RunArguments { PolicyFile = file, TraceOnly = true, AllowNet = false });
        Assert.False(p.AllowNetwork);
    }

    [Fact]
    public void Profile_off_with_the_network_needs_nothing_more_than_its_own_ack()
    {
        string file = _s.Write("profile = \"off\"\n[network]\nallow = true\n");
        var p = _s.Merge(new RunArguments { PolicyFile = file, UnsafeAck = true });
        Assert.Equal("off", p.Profile);
        Assert.True(p.AllowNetwork);
        Assert.Contains(p.Warnings, w => w.Contains("network access with profile 'off'"));
    }

    [Fact]
    public void Flags_replace_single_values()
    {
        string file = _s.Write("profile = \"network\"\n[limits]\ntimeout = 10\n");
        var p = _s.Merge(new RunArguments { PolicyFile = file, AllowNet = false, AllowExec = true, TimeoutSeconds = 0 });
        Assert.False(p.AllowNetwork);
        Assert.True(p.AllowExecAny);
        Assert.Null(p.Timeout);
        Assert.Equal(file, p.SourceFile);
    }

    [Fact]
    public void Denied_domains_without_network_are_pointed_out()
    {
        string file = _s.Write("[network]\ndenied_domains = [\"example.com\"]\n");
        var p = _s.Merge(new RunArguments { PolicyFile = file });
        Assert.Contains("denied_domains has no effect while the network is off", Assert.Single(p.Warnings));
        Assert.Empty(_s.Merge(new RunArguments { PolicyFile = file, AllowNet = true }).Warnings);
    }
}
