using Xunit;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Policy;

/// <summary>
/// The real binary refuses every bad policy and bad flag before the target starts: exit 78, one line naming the place
/// and the problem, and the target (`touch MARKER`) never ran. --allow-path on the marker's directory makes the
/// marker check meaningful: were a policy accepted, touch could create it (the control case shows it does).
/// </summary>
[Trait("Category", "Sandbox")]
public class BadPolicyTests
{
    // By name: xunit can show and rerun each case on its own only when the data is a plain string.
    public static TheoryData<string> Cases => new(BadPolicyCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_policy_exits_78_with_a_located_message_and_runs_nothing(string name)
    {
        var c = BadPolicyCases.All.Single(x => x.Name == name);
        var s = new Scratch();
        string file = s.Policy(c.Toml);
        var r = s.Run(["--policy", file], c.WorkingDirectory?.Replace("{home}", s.Home));
        Assert.Equal(78, r.ExitCode);
        Assert.Contains(s.Fill(c.Fragment, file), r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));       // one line, no stack trace
        Assert.False(File.Exists(s.Marker), "the target ran");
    }

    [Fact]
    public void There_are_at_least_thirty_cases_and_both_codes_appear()
    {
        Assert.True(BadPolicyCases.All.Length >= 30);
        Assert.Contains(BadPolicyCases.All, c => c.Fragment.Contains("E_POLICY_INVALID"));
        Assert.Contains(BadPolicyCases.All, c => c.Fragment.Contains("E_POLICY_DENIED"));
        Assert.Equal(BadPolicyCases.All.Length, BadPolicyCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [InlineData(new[] { "--allow-path", "/" }, "--allow-path /: E_POLICY_DENIED: '/' makes the whole filesystem writable")]
    [InlineData(new[] { "--allow-path", "{home}" }, "--allow-path {home}: E_POLICY_DENIED: '{home}' makes your home directory {home} writable")]
    [InlineData(new[] { "--allow-path", "~" }, "--allow-path ~: E_POLICY_DENIED: '~' makes your home directory {home} writable")]
    [InlineData(new[] { "--allow-path", "{root}" }, "--allow-path {root}: E_POLICY_DENIED: '{root}' makes {root} writable, which contains your home directory {home}")]
    [InlineData(new[] { "--allow-path", "/srv/**" }, "--allow-path /srv/**: E_POLICY_INVALID: '/srv/**': '**' is only supported in deny")]
    [InlineData(new[] { "--trace-only", "--allow-net" }, "--allow-net: E_POLICY_DENIED: network access with --trace-only leaves nothing between the program and the internet")]
    [InlineData(new[] { "--trace-only", "--policy", "{network}" }, "--trace-only: E_POLICY_DENIED: network access with --trace-only")]
    public void A_bad_flag_exits_78_naming_the_flag_and_runs_nothing(string[] flags, string fragment)
    {
        var s = new Scratch();
        string network = s.Policy("profile = \"network\"\n", "network.toml");
        var r = s.Run([.. flags.Select(f => s.Fill(f, "").Replace("{network}", network))]);
        Assert.Equal(78, r.ExitCode);
        Assert.Contains("sandtrace: " + s.Fill(fragment, ""), r.Stderr);
        Assert.False(File.Exists(s.Marker), "the target ran");
    }

    [Fact]
    public void Control_a_good_policy_does_run_the_target()
    {
        var s = new Scratch();
        var r = s.Run(["--policy", s.Policy("profile = \"read-only\"\n")]);
        Assert.Equal(0, r.ExitCode);
        Assert.True(File.Exists(s.Marker), r.Stderr);
        var unsafeRun = new Scratch();
        var traced = unsafeRun.Run(["--trace-only", "--allow-net", "--unsafe-ack"]);
        Assert.Equal(0, traced.ExitCode);
        Assert.True(File.Exists(unsafeRun.Marker), traced.Stderr);
    }

    /// <summary>root/{home, policies, out}: HOME is root/home for sandtrace; the marker is in root/out.</summary>
    sealed class Scratch
    {
        public string Root { get; } = SandtraceRunner.TempDir();
        public string Home => Path.Combine(Root, "home");
        public string Marker => Path.Combine(Root, "out", "marker");
        string Policies => Path.Combine(Root, "policies");

        public Scratch()
        {
            Directory.CreateDirectory(Home);
            Directory.CreateDirectory(Policies);
            Directory.CreateDirectory(Path.Combine(Root, "out"));
            File.CreateSymbolicLink(Path.Combine(Policies, "homelink"), Home);
        }

        public string Fill(string text, string file) =>
            text.Replace("{file}", file).Replace("{home}", Home).Replace("{root}", Root);

        public string Policy(string toml, string name = "bad.toml")
        {
            string path = Path.Combine(Policies, name);
            File.WriteAllText(path, Fill(toml, path));
            return path;
        }

        public RunOutcome Run(string[] flags, string? workingDirectory = null) =>
            SandtraceRunner.Run([.. flags, "--allow-path", Path.GetDirectoryName(Marker)!], ["/usr/bin/touch", Marker], jsonl: false,
                env: new Dictionary<string, string?> { ["HOME"] = Home }, workingDirectory: workingDirectory);
    }
}
