using Xunit;
using Sandtrace.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>Allowing a built-in secret: lifted only when named exactly, always with a warning; the effective deny list.</summary>
public class PolicySecretTests
{
    readonly PolicyScratch _s = new();

    string Ssh => Path.Combine(_s.Home, ".ssh");

    [Fact]
    public void Without_allows_every_built_in_secret_is_denied()
    {
        var p = _s.Load("[filesystem]\ndeny = [\"/srv/private\"]\n");
        var deny = p.EffectiveDenyPatterns(_s.Home);
        Assert.Equal("/srv/private", deny[0]);                         // the policy's own rules first
        Assert.Equal(SecretPaths.Patterns(_s.Home).Prepend("/srv/private").Distinct(), deny);
        Assert.Empty(p.LiftedSecrets);
    }

    [Fact]
    public void Allowing_a_secret_by_name_lifts_it_with_a_warning()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~/.ssh\"]\n");
        Assert.Equal(new[] { Ssh }, p.LiftedSecrets);
        Assert.DoesNotContain(Ssh, p.EffectiveDenyPatterns(_s.Home));
        Assert.Contains(Path.Combine(_s.Home, ".aws"), p.EffectiveDenyPatterns(_s.Home));
        var w = Assert.Single(p.Warnings);
        Assert.Contains($"policy.toml:2:15: allow_read '~/.ssh' exposes {Ssh}, a well-known secret location: because you allowed it explicitly, " +
            "its built-in deny rule is lifted for this run and the program can read it", w);
    }

    [Fact]
    public void Allowing_a_secret_for_writing_says_so()
    {
        var p = _s.Load("[filesystem]\nallow_write = [\"~/.aws\"]\n");
        Assert.Contains("can read and write it", Assert.Single(p.Warnings));
        Assert.Equal(new[] { Path.Combine(_s.Home, ".aws") }, p.LiftedSecrets);
    }

    [Fact]
    public void A_path_inside_a_secret_stays_denied_with_a_warning()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~/.ssh/known_hosts\"]\n");
        Assert.Empty(p.LiftedSecrets);
        Assert.Contains(Ssh, p.EffectiveDenyPatterns(_s.Home));
        Assert.Contains($"lies inside {Ssh}, a well-known secret location that stays denied; allow {Ssh} itself", Assert.Single(p.Warnings));
    }

    [Fact]
    public void A_path_matched_by_a_wildcard_secret_rule_stays_denied()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"/srv/app/.env\", \"/etc/ssh/ssh_host_rsa_key\"]\n");
        Assert.Empty(p.LiftedSecrets);
        Assert.Contains(p.Warnings, w => w.Contains("allow_read '/srv/app/.env' matches the built-in secret rule '**/.env', which stays denied"));
        Assert.Contains(p.Warnings, w => w.Contains("matches the built-in secret rule '/etc/ssh/ssh_host_*_key'"));
    }

    [Fact]
    public void A_directory_above_a_secret_is_the_normal_case()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~\"]\n");
        Assert.Empty(p.Warnings);
        Assert.Empty(p.LiftedSecrets);
        Assert.Contains(Ssh, p.EffectiveDenyPatterns(_s.Home));
    }

    [Fact]
    public void A_secret_reached_through_a_symlink_is_recognised_by_its_target()
    {
        string real = Path.Combine(_s.Root, "keys");
        Directory.CreateDirectory(real);
        File.CreateSymbolicLink(Ssh, real);
        var p = _s.Load($"[filesystem]\nallow_read = [\"{real}\"]\n");
        Assert.Equal(new[] { Ssh }, p.LiftedSecrets);
        Assert.Contains("exposes", Assert.Single(p.Warnings));
    }

    [Fact]
    public void The_policys_own_deny_is_never_lifted()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~/.ssh\"]\ndeny = [\"~/.ssh\"]\n");
        Assert.Contains(Ssh, p.EffectiveDenyPatterns(_s.Home));
    }
}
