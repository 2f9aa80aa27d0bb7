using Xunit;
using Sandtrace.Policy;
using PolicyRecord = Sandtrace.Policy.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>[env] inherit and set, and the injection variables refused in both without --unsafe-ack.</summary>
public class PolicyEnvTests
{
    readonly PolicyScratch _s = new();

    [Fact]
    public void Without_env_the_default_list_is_inherited()
    {
        var p = _s.Load("[network]\nallow = false\n");
        Assert.Equal(PolicyRecord.DefaultEnvInherit.ToArray(), p.EnvInherit);
        Assert.Empty(p.EnvSet);
    }

    [Fact]
    public void Without_a_profile_inherit_is_exactly_the_list()
    {
        var p = _s.Load("[env]\ninherit = [\"PATH\", \"CARGO_*\"]\n");
        Assert.Equal(new[] { "PATH", "CARGO_*" }, p.EnvInherit);
    }

    [Fact]
    public void With_a_profile_inherit_adds_to_the_default_list()
    {
        var p = _s.Load("profile = \"read-only\"\n[env]\ninherit = [\"CARGO_*\", \"RUSTUP_HOME\"]\n");
        Assert.Equal(PolicyRecord.DefaultEnvInherit.Append("CARGO_*").Append("RUSTUP_HOME"), p.EnvInherit);
    }

    [Fact]
    public void Set_takes_a_table_of_strings_inline_or_as_a_section()
    {
        var inline = _s.Load("[env]\nset = { LANG = \"C.UTF-8\", CI = \"1\" }\n");
        Assert.Equal("C.UTF-8", inline.EnvSet["LANG"]);
        Assert.Equal("1", inline.EnvSet["CI"]);
        var section = _s.Load("[env.set]\nTZ = \"UTC\"\nEMPTY = \"\"\n");
        Assert.Equal("UTC", section.EnvSet["TZ"]);
        Assert.Equal("", section.EnvSet["EMPTY"]);
    }

    [Theory]
    [InlineData("LD_PRELOAD", "LD_*")]
    [InlineData("LD_LIBRARY_PATH", "LD_*")]
    [InlineData("LD_AUDIT", "LD_*")]
    [InlineData("LD_DEBUG_OUTPUT", "LD_*")]
    [InlineData("DYLD_INSERT_LIBRARIES", "DYLD_*")]
    [InlineData("BASH_ENV", "BASH_ENV")]
    [InlineData("ENV", "ENV")]
    [InlineData("PROMPT_COMMAND", "PROMPT_COMMAND")]
    [InlineData("PS4", "PS4")]
    [InlineData("SHELLOPTS", "SHELLOPTS")]
    [InlineData("GLIBC_TUNABLES", "GLIBC_TUNABLES")]
    [InlineData("GCONV_PATH", "GCONV_PATH")]
    [InlineData("NODE_OPTIONS", "NODE_OPTIONS")]
    [InlineData("PERL5OPT", "PERL5OPT")]
    [InlineData("PYTHONSTARTUP", "PYTHONSTARTUP")]
    [InlineData("JAVA_TOOL_OPTIONS", "JAVA_TOOL_OPTIONS")]
    [InlineData("LD_*", "LD_*")]
    [InlineData("L*", "LD_*")]
    [InlineData("BASH*", "BASH_FUNC_*, BASH_ENV and BASHOPTS")]
    [InlineData("PYTHON*", "PYTHONSTARTUP")]
    [InlineData("*", "LD_*, DYLD_*, BASH_FUNC_* and 14 more")]
    public void Injection_variables_are_refused_in_inherit(string entry, string passes)
    {
        var e = _s.LoadFails($"[env]\ninherit = [\"{entry}\"]\n");
        Assert.Equal(PolicyError.Denied, e.Code);
        Assert.Contains($"policy.toml:2:12: E_POLICY_DENIED: [env] inherit '{entry}' would pass {passes} into the sandbox", e.Message);
        Assert.Contains("--unsafe-ack", e.Message);
    }

    [Theory]
    [InlineData("LD_PRELOAD")]
    [InlineData("BASH_ENV")]
    [InlineData("NODE_OPTIONS")]
    public void Injection_variables_are_refused_in_set(string name)
    {
        var e = _s.LoadFails($"[env.set]\n{name} = \"/tmp/x\"\n");
        Assert.Contains($"policy.toml:2:1: E_POLICY_DENIED: [env] set {name} would pass", e.Message);
    }

    [Theory]
    [InlineData("LC_*")]
    [InlineData("CARGO_*")]
    [InlineData("PYTHONPATH")]
    [InlineData("NODE_PATH")]
    [InlineData("LANG")]
    [InlineData("_private")]
    public void Ordinary_variables_and_prefixes_are_accepted(string entry)
    {
        var p = _s.Load($"[env]\ninherit = [\"{entry}\"]\n");
        Assert.Equal(new[] { entry }, p.EnvInherit);
        Assert.Empty(p.Warnings);
    }

    [Fact]
    public void Unsafe_ack_accepts_injection_variables_with_a_warning()
    {
        var p = _s.Load("[env]\ninherit = [\"LD_LIBRARY_PATH\"]\nset = { LD_PRELOAD = \"/opt/lib/hook.so\" }\n", unsafeAck: true);
        Assert.Equal(new[] { "LD_LIBRARY_PATH" }, p.EnvInherit);
        Assert.Equal("/opt/lib/hook.so", p.EnvSet["LD_PRELOAD"]);
        Assert.Equal(2, p.Warnings.Count(w => w.Contains("(allowed by --unsafe-ack)")));
    }

    [Fact]
    public void A_repeated_inherit_entry_is_a_warning()
    {
        var p = _s.Load("[env]\ninherit = [\"PATH\", \"HOME\", \"PATH\"]\n");
        Assert.Equal(new[] { "PATH", "HOME" }, p.EnvInherit);
        Assert.Contains(p.Warnings, w => w.Contains("policy.toml:2:28: duplicate entry in [env] inherit: 'PATH' is already listed at"));
    }

    [Theory]
    [InlineData("MY-VAR")]
    [InlineData("1ABC")]
    [InlineData("A*B")]
    [InlineData("**")]
    public void Malformed_inherit_entries_are_invalid(string entry)
    {
        var e = _s.LoadFails($"[env]\ninherit = [\"{entry}\"]\n");
        Assert.Equal(PolicyError.Invalid, e.Code);
        Assert.Contains($"'{entry}' in [env] inherit is not a variable name or 'PREFIX*'", e.Message);
    }
}
