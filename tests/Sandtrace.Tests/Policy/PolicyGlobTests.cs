using System.Text;
using System.Text.RegularExpressions;
using Sandtrace.Policy;
using Sandtrace.Sandbox;
using Xunit;

namespace Sandtrace.Tests.Policy;

/// <summary>The deny-pattern matcher: policies.md semantics, checked by cases and against a regular-expression oracle.</summary>
public class PolicyGlobTests
{
    [Theory]
    [InlineData("/etc/shadow", "/etc/shadow", true, true)]
    [InlineData("/etc/shadow", "/etc/shadow-", false, false)]
    [InlineData("/etc/shadow", "/etc/shadow/x", false, true)]          // beneath a match
    [InlineData("/etc/shadow", "/etc/shado", false, false)]
    [InlineData("/home/*/.ssh", "/home/ann/.ssh", true, true)]
    [InlineData("/home/*/.ssh", "/home/ann/.ssh/id_rsa", false, true)]
    [InlineData("/home/*/.ssh", "/home/a/b/.ssh", false, false)]       // * stays in one component
    [InlineData("/home/*/.ssh", "/home//.ssh", true, true)]
    [InlineData("**/.env", "/.env", true, true)]
    [InlineData("**/.env", "/proj/.env", true, true)]
    [InlineData("**/.env", "/a/b/c/.env", true, true)]
    [InlineData("**/.env", "/a/b/c/x.env", false, false)]
    [InlineData("**/.env", "/a/.env.local", false, false)]
    [InlineData("**/.env", "/a/.env/inner", false, true)]
    [InlineData("/etc/ssh/ssh_host_*_key", "/etc/ssh/ssh_host_rsa_key", true, true)]
    [InlineData("/etc/ssh/ssh_host_*_key", "/etc/ssh/ssh_host_rsa_key.pub", false, false)]
    [InlineData("/etc/ssh/ssh_host_*_key", "/etc/ssh/ssh_host__key", true, true)]
    [InlineData("/data/**", "/data/x/y", true, true)]
    [InlineData("/data/**", "/data/", true, true)]
    [InlineData("/data/**", "/data", false, false)]
    [InlineData("/a/**/b", "/a/b", true, true)]
    [InlineData("/a/**/b", "/a/x/y/b", true, true)]
    [InlineData("/a/**/b", "/a/xb", false, false)]
    [InlineData("/a/?.txt", "/a/1.txt", true, true)]
    [InlineData("/a/?.txt", "/a/12.txt", false, false)]
    [InlineData("/a/?.txt", "/a//.txt", false, false)]
    [InlineData("secret*", "/x/secret.key", true, true)]
    [InlineData("secret*", "/x/notsecret", false, false)]
    public void Matches_like_the_policy_format_says(string pattern, string path, bool exact, bool orBeneath)
    {
        var g = new PolicyGlob(pattern);
        Assert.Equal(exact, g.IsMatch(path, orBeneath: false));
        Assert.Equal(orBeneath, g.IsMatch(path, orBeneath: true));
        Assert.Equal(orBeneath, new DenyGlob(pattern).IsMatch(path));
        Assert.Equal(exact, PolicyGlob.IsMatch(pattern, path));
    }

    /// <summary>The oracle: the pattern translated into a regular expression, token by token.</summary>
    static Regex Oracle(string pattern, bool orBeneath)
    {
        var sb = new StringBuilder("^");
        string p = pattern.StartsWith('/') ? pattern : "**/" + pattern;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                bool slash = i + 2 < p.Length && p[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (p[i] == '*') sb.Append("[^/]*");
            else if (p[i] == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(p[i].ToString()));
        }
        return new Regex(sb + (orBeneath ? "(?:/.*)?$" : "$"));
    }

    [Fact]
    public void Agrees_with_a_regular_expression_oracle_on_random_patterns_and_paths()
    {
        var rng = new Random(20261122);
        string[] parts = ["a", "b", "ab", ".env", "x.y", "*", "**", "?", "a*", "*b", "?b"];
        string[] names = ["a", "b", "ab", ".env", "x.y", "aa", "bb", "", "a.b", "env"];
        int checkedPairs = 0;
        for (int n = 0; n < 400; n++)
        {
            int k = rng.Next(1, 5);
            string pattern = (rng.Next(3) == 0 ? "" : "/") + string.Join('/', Enumerable.Range(0, k).Select(_ => parts[rng.Next(parts.Length)]));
            var g = new PolicyGlob(pattern);
            var exact = Oracle(pattern, false);
            var beneath = Oracle(pattern, true);
            for (int m = 0; m < 40; m++)
            {
                string path = "/" + string.Join('/', Enumerable.Range(0, rng.Next(1, 6)).Select(_ => names[rng.Next(names.Length)]));
                Assert.True(exact.IsMatch(path) == g.IsMatch(path, false), $"pattern {pattern} path {path} (exact)");
                Assert.True(beneath.IsMatch(path) == g.IsMatch(path, true), $"pattern {pattern} path {path} (or beneath)");
                checkedPairs++;
            }
        }
        Assert.Equal(16000, checkedPairs);
    }
}
