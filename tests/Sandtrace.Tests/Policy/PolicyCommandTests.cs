using Xunit;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Policy;

/// <summary>`sandtrace policy check FILE` and `sandtrace run --explain-policy`: the effective policy on stdout, nothing
/// run, exit 0 — or the policy error and 78.</summary>
[Trait("Category", "Sandbox")]
public class PolicyCommandTests
{
    readonly string _root = SandtraceRunner.TempDir();
    string Home => Path.Combine(_root, "home");
    Dictionary<string, string?> Env => new() { ["HOME"] = Home };

    const string Good = """
        profile = "workspace"

        [filesystem]
        allow_read = ["~/.ssh", "data"]
        deny = ["**/*.pem"]

        [network]
        allow = true
        denied_domains = ["tracker.example", "*.ads.example"]

        [syscalls]
        deny = ["ptrace"]
        log_only = ["mmap"]

        [limits]
        timeout = 12
        memory = "512M"
        max_processes = 64

        [env]
        inherit = ["CARGO_*"]
        set = { LANG = "C.UTF-8" }
        """;

    public PolicyCommandTests() => Directory.CreateDirectory(Path.Combine(Home, ".ssh"));

    string Write(string toml, string name = "p.toml")
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, toml);
        return path;
    }

    RunOutcome Check(params string[] args) =>
        SandtraceRunner.RunRaw([SandtraceRunner.Binary, "policy", "check", .. args], Path.Combine(_root, "none.jsonl"), Env);

    [Fact]
    public void Policy_check_prints_the_effective_policy_and_its_warnings()
    {
        string file = Write(Good);
        var r = Check(file);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        string o = r.Stdout;
        Assert.Contains($"# from {file} with the command line merged over it\nprofile = \"workspace\"\n", o);
        Assert.Contains("enforcement = \"sandbox: built filesystem, namespaces, Landlock, seccomp\"", o);
        Assert.Contains($"  \"/usr\",\n", o);                                          // from the profile
        Assert.Contains($"  \"{Path.Combine(_root, "data")}\",\n", o);                  // relative to the file
        Assert.Contains("deny = [\n  \"**/*.pem\",\n]", o);
        Assert.Contains($"effective_deny = [\n  \"**/*.pem\",\n  \"{Home}/.aws\",", o);    // ~/.ssh lifted
        Assert.Contains($"lifted_secrets = [\n  \"{Home}/.ssh\",\n]", o);
        Assert.Contains("[network]\nallow = true\ndenied_domains = [\n  \"tracker.example\",\n  \"*.ads.example\",\n]", o);
        Assert.Contains("[syscalls]\n", o);
        Assert.Contains("log_only = [\n  \"mmap\",\n]", o);
        Assert.Contains("timeout = 12  # seconds\nmemory = 536870912  # 512 MiB\nmax_processes = 64\n# max_file_size: not limited", o);
        Assert.Contains("  \"NO_COLOR\",\n  \"CARGO_*\",\n]", o);
        Assert.Contains("[env.set]\nLANG = \"C.UTF-8\"\n", o);
        Assert.Contains($"# warning: {file}:4:15: allow_read '~/.ssh' exposes {Home}/.ssh", o);
    }

    [Fact]
    public void Policy_check_of_a_bad_file_exits_78_and_prints_nothing_on_stdout()
    {
        string file = Write("[filesystem]\nallow_write = [\"~\"]\n");
        var r = Check(file);
        Assert.Equal(78, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains($"sandtrace: {file}:2:16: E_POLICY_DENIED: allow_write '~' makes your home directory {Home} writable", r.Stderr);
        var missing = Check(Path.Combine(_root, "missing.toml"));
        Assert.Equal(78, missing.ExitCode);
        Assert.Contains("E_POLICY_INVALID: cannot read the policy file", missing.Stderr);
    }

    [Fact]
    public void Policy_check_takes_unsafe_ack_for_profile_off()
    {
        string file = Write("profile = \"off\"\n");
        Assert.Equal(78, Check(file).ExitCode);
        var r = Check("--unsafe-ack", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("enforcement = \"none: profile 'off'", r.Stdout);
        Assert.Contains("unsafe_ack = true", r.Stdout);
    }

    [Fact]
    public void Policy_without_a_subcommand_or_file_is_a_usage_error()
    {
        var none = SandtraceRunner.RunRaw([SandtraceRunner.Binary, "policy"], Path.Combine(_root, "none.jsonl"));
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(2, Check().ExitCode);
        Assert.Equal(2, Check("a.toml", "b.toml").ExitCode);
    }

    [Fact]
    public void Explain_policy_merges_the_flags_prints_and_runs_nothing()
    {
        string file = Write(Good);
        string @out = Path.Combine(_root, "out");
        string marker = Path.Combine(@out, "marker");
        Directory.CreateDirectory(@out);
        var r = SandtraceRunner.Run(["--explain-policy", "--policy", file, "--allow-path", @out, "--allow-net=false", "--timeout", "0"],
            ["/usr/bin/touch", marker], jsonl: false, env: Env);
        Assert.Equal(0, r.ExitCode);
        Assert.False(File.Exists(marker), "--explain-policy ran the command");
        Assert.Contains($"command = [\"/usr/bin/touch\", \"{marker}\"]", r.Stdout);
        Assert.Contains($"  \"{@out}\",\n]", r.Stdout);                                 // last of allow_write
        Assert.Contains("[network]\nallow = false\n", r.Stdout);
        Assert.Contains("timeout = 0  # no limit", r.Stdout);
        Assert.Contains("# warning: [network] denied_domains has no effect while the network is off", r.Stdout);
    }

    [Fact]
    public void Explain_policy_without_policy_or_command_shows_the_default()
    {
        var r = SandtraceRunner.Run(["--explain-policy"], [], jsonl: false, env: Env);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("# no --policy: the built-in default (profile \"read-only\")", r.Stdout);
        Assert.Contains("profile = \"read-only\"", r.Stdout);
        Assert.Contains("# + the program's own directory, added at launch (no --policy)", r.Stdout);
        Assert.Contains("allow_write = []", r.Stdout);
        Assert.Contains("# no warnings", r.Stdout);
        Assert.DoesNotContain("command =", r.Stdout);
    }

    [Fact]
    public void Explain_policy_with_a_refused_flag_or_file_exits_78()
    {
        var flag = SandtraceRunner.Run(["--explain-policy", "--allow-path", "/"], [], jsonl: false, env: Env);
        Assert.Equal(78, flag.ExitCode);
        Assert.Equal("", flag.Stdout);
        Assert.Contains("--allow-path /: E_POLICY_DENIED", flag.Stderr);
        var file = SandtraceRunner.Run(["--explain-policy", "--policy", Write("[limits]\nmemory = 5\n")], [], jsonl: false, env: Env);
        Assert.Equal(78, file.ExitCode);
        Assert.Contains(":2:10: E_POLICY_INVALID: memory = 5 is only 5 bytes", file.Stderr);
    }

    [Fact]
    public void Explain_policy_shows_trace_only_and_the_acknowledged_network()
    {
        var r = SandtraceRunner.Run(["--explain-policy", "--trace-only", "--allow-net", "--unsafe-ack"], [], jsonl: false, env: Env);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("enforcement = \"none: --trace-only", r.Stdout);
        Assert.Contains("# warning: network access with --trace-only leaves nothing between the program and the internet", r.Stdout);
    }
}
