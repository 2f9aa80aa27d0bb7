using Xunit;
using Sandtrace.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>[network] allow and denied_domains.</summary>
public class PolicyNetworkTests
{
    readonly PolicyScratch _s = new();

    [Theory]
    [InlineData("example.com")]
    [InlineData("*.example.com")]
    [InlineData("localhost")]
    [InlineData("a-b.c0.io")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("123.example")]
    public void Host_names_and_suffix_patterns_are_accepted(string domain)
    {
        var p = _s.Load($"[network]\nallow = true\ndenied_domains = [\"{domain}\"]\n");
        Assert.True(p.AllowNetwork);
        Assert.Equal(new[] { domain }, p.DeniedDomains);
    }

    [Theory]
    [InlineData("https://example.com", "is a URL")]
    [InlineData("example.com/path", "is a URL")]
    [InlineData("example.com:443", "has a port")]
    [InlineData("*", "would match every name")]
    [InlineData("Example.com", "uppercase letters; write it in lowercase: 'example.com'")]
    [InlineData("a.*.com", "'*' in the middle")]
    [InlineData("*example.com", "'*' in the middle")]
    [InlineData("example..com", "empty label")]
    [InlineData(".example.com", "empty label")]
    [InlineData("example.com.", "ends with '.'")]
    [InlineData("-bad.com", "starting or ending with '-'")]
    [InlineData("ex_ample.com", "not a host name")]
    [InlineData("10.0.0.1", "is an IP address")]
    public void Anything_but_a_host_name_is_invalid(string domain, string fragment)
    {
        var e = _s.LoadFails($"[network]\ndenied_domains = [\"{domain}\"]\n");
        Assert.Equal(PolicyError.Invalid, e.Code);
        Assert.Contains("policy.toml:2:19: E_POLICY_INVALID: ", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void A_label_longer_than_63_characters_is_invalid()
    {
        var e = _s.LoadFails($"[network]\ndenied_domains = [\"{new string('a', 64)}.com\"]\n");
        Assert.Contains("longer than 63 characters", e.Message);
    }

    [Fact]
    public void Repeated_domains_are_warnings()
    {
        var p = _s.Load("[network]\nallow = true\ndenied_domains = [\"a.com\", \"a.com\"]\n");
        Assert.Equal(new[] { "a.com" }, p.DeniedDomains);
        Assert.Contains(p.Warnings, w => w.Contains("duplicate entry in [network] denied_domains: 'a.com'"));
    }
}
