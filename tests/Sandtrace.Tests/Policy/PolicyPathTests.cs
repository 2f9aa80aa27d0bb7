using Xunit;
using Sandtrace.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>How policy paths are resolved, and the checks on write roots.</summary>
public class PolicyPathTests
{
    readonly PolicyScratch _s = new();

    [Fact]
    public void Relative_paths_are_relative_to_the_policy_file_not_the_working_directory()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"data\", \"./conf\", \"../shared\"]\nallow_write = [\"out\"]\ndeny = [\"secret.txt\"]\n");
        Assert.Equal(new[] { Path.Combine(_s.Policies, "data"), Path.Combine(_s.Policies, "conf"), Path.Combine(_s.Root, "shared") }, p.AllowRead);
        Assert.Equal(new[] { Path.Combine(_s.Policies, "out") }, p.AllowWrite);
        Assert.Equal(new[] { Path.Combine(_s.Policies, "secret.txt") }, p.Deny);
    }

    [Fact]
    public void A_relative_policy_file_is_found_from_the_working_directory_and_named_as_given()
    {
        _s.Write("[filesystem]\nallow_read = [\"data\"]\nallow_write = [\"/\"]\n");
        var e = Assert.Throws<PolicyError>(() => PolicyLoader.Load("../policies/policy.toml", _s.Context()));
        Assert.StartsWith("../policies/policy.toml:3:16: E_POLICY_DENIED", e.Message);
        _s.Write("[filesystem]\nallow_read = [\"data\"]\n");
        var p = PolicyLoader.Load("../policies/policy.toml", _s.Context());
        Assert.Equal(new[] { Path.Combine(_s.Policies, "data") }, p.AllowRead);
        Assert.Equal("../policies/policy.toml", p.SourceFile);
    }

    [Fact]
    public void Tilde_is_the_home_directory()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~\", \"~/projects/x\"]\n");
        Assert.Equal(new[] { _s.Home, Path.Combine(_s.Home, "projects", "x") }, p.AllowRead);
    }

    [Fact]
    public void Patterns_starting_with_double_star_match_anywhere_and_stay_as_written()
    {
        var p = _s.Load("[filesystem]\ndeny = [\"**/.env\", \"/srv/**/*.key\", \"~/.config/*/token\"]\n");
        Assert.Equal(new[] { "**/.env", "/srv/**/*.key", Path.Combine(_s.Home, ".config/*/token") }, p.Deny);
    }

    [Fact]
    public void Another_users_home_is_not_guessed()
    {
        var e = _s.LoadFails("[filesystem]\nallow_read = [\"~bob/src\"]\n");
        Assert.Contains("policy.toml:2:15: E_POLICY_INVALID: '~bob/src': only '~' and '~/…' (your own home) are expanded", e.Message);
    }

    [Fact]
    public void The_same_path_written_twice_is_a_warning()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"/usr\", \"data\", \"./data/\", \"/usr/../usr\"]\n");
        Assert.Equal(new[] { "/usr", Path.Combine(_s.Policies, "data") }, p.AllowRead);
        Assert.Equal(2, p.Warnings.Length);
        Assert.Contains($"policy.toml:2:31: duplicate entry in [filesystem] allow_read: './data/' ({Path.Combine(_s.Policies, "data")}) is already listed at ", p.Warnings[0]);
    }

    [Theory]
    [InlineData("/", "makes the whole filesystem writable")]
    [InlineData("/usr/..", "makes the whole filesystem writable")]
    [InlineData("~", "makes your home directory")]
    [InlineData("~/", "makes your home directory")]
    public void Root_and_home_are_refused_as_write_roots(string entry, string fragment)
    {
        var e = _s.LoadFails($"[filesystem]\nallow_write = [\"{entry}\"]\n");
        Assert.Equal(PolicyError.Denied, e.Code);
        Assert.Contains($"policy.toml:2:16: E_POLICY_DENIED: allow_write '{entry}' {fragment}", e.Message);
    }

    [Fact]
    public void A_parent_of_home_is_refused_as_a_write_root()
    {
        var e = _s.LoadFails($"[filesystem]\nallow_write = [\"{_s.Root}\"]\n");
        Assert.Contains($"E_POLICY_DENIED: allow_write '{_s.Root}' makes {_s.Root} writable, which contains your home directory {_s.Home}", e.Message);
    }

    [Fact]
    public void A_symlink_to_home_is_refused_by_its_target()
    {
        File.CreateSymbolicLink(Path.Combine(_s.Policies, "homelink"), _s.Home);
        var e = _s.LoadFails("[filesystem]\nallow_write = [\"homelink\"]\n");
        Assert.Contains($"allow_write 'homelink' makes your home directory {_s.Home} writable (it resolves to {_s.Home})", e.Message);
    }

    [Fact]
    public void Reading_home_or_a_directory_inside_it_is_fine()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"~\", \"/\"]\nallow_write = [\"~/out\"]\n");
        Assert.Equal(new[] { Path.Combine(_s.Home, "out") }, p.AllowWrite);
        Assert.Empty(p.Warnings);
    }

    [Theory]
    [InlineData("allow_read", "/srv/**")]
    [InlineData("allow_write", "**/out")]
    [InlineData("allow_exec", "/opt/**/bin")]
    public void Double_star_is_only_for_deny(string key, string entry)
    {
        var e = _s.LoadFails($"[filesystem]\n{key} = [\"{entry}\"]\n");
        Assert.Equal(PolicyError.Invalid, e.Code);
        Assert.Contains($"E_POLICY_INVALID: {key} '{entry}': '**' is only supported in deny", e.Message);
    }

    [Fact]
    public void A_single_star_in_an_allow_entry_is_taken_literally_with_a_warning()
    {
        var p = _s.Load("[filesystem]\nallow_read = [\"/srv/*/data\"]\n");
        Assert.Equal(new[] { "/srv/*/data" }, p.AllowRead);
        Assert.Contains("which allow entries take literally", Assert.Single(p.Warnings));
    }
}
