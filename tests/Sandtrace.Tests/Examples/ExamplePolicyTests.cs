using System.Text.Json;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Examples;

/// <summary>
/// The example policies of examples/ against the real tools they are written for. The package-manager fixtures
/// (tests/fixtures) install a local dependency whose install script tries to read ~/.ssh/id_rsa, append to ~/.bashrc
/// and connect outside: the install must succeed, the attacks must fail, and each refusal must be a deny event.
/// A missing tool fails the test, naming what .ci/run installs.
/// </summary>
[Trait("Category", "Sandbox")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ExamplePolicyTests
{
    const string Npm = "node and npm (on the image; Debian: apt-get install nodejs npm)";
    const string Pnpm = "pnpm (npm install -g pnpm@12.21.0)";
    const string Php = "the Debian package php-cli (apt-get install php-cli)";
    const string Composer = "the Debian package composer (apt-get install composer)";

    static readonly string[] ReadLayers = ["mount", "landlock", "deny"];
    static readonly string[] WriteLayers = ["mount", "landlock", "deny"];
    static readonly string[] NetworkLayers = ["network", "landlock"];

    [Fact]
    public void Every_example_policy_has_a_test_here_and_loads()
    {
        var policies = Directory.GetFiles(Path.Combine(ExampleSandbox.RepoRoot, "examples"), "*.toml").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["composer_audit.toml", "npm_audit.toml", "permissive.toml", "pnpm_audit.toml", "strict.toml"], policies);
        foreach (var p in policies)
        {
            // A policy that does not load exits 78 before running anything.
            var r = SandtraceRunner.Run(["--policy", ExampleSandbox.PolicyPath(p!)], ["/bin/true"], jsonl: false,
                env: new Dictionary<string, string?> { ["HOME"] = SandtraceRunner.TempDir() });
            Assert.True(r.ExitCode == 0, $"{p}: exit {r.ExitCode}\n{r.Stderr}");
        }
    }

    // ---- npm ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Npm_install_under_npm_audit_succeeds_and_its_postinstall_attacks_are_denied_and_reported()
    {
        ExampleSandbox.RequireTool("node", Npm);
        ExampleSandbox.RequireTool("npm", Npm);
        var s = ExampleSandbox.Create("node-project");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("npm_audit.toml")],
            "npm", "install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts");

        AssertInstalled(r, Path.Combine(s.Project, "node_modules", "evil-pkg", "package.json"), Path.Combine(s.Project, "package-lock.json"));
        AssertAttacksBlocked(s, r);
        // npm itself looks for ~/.npmrc (a registry token): a built-in secret, refused by the tracer's deny rule.
        AssertDenyEvent(r, Path.Combine(s.Home, ".npmrc"), ["deny"], "npm reading ~/.npmrc");
        // The network is on for the registry: the script's connection is allowed, but traced.
        AssertNetworkAttempt(r, ExampleSandbox.OutsideAddress);
    }

    [Fact]
    public void Npm_install_with_the_network_turned_off_reports_the_scripts_connection_as_a_deny_event()
    {
        ExampleSandbox.RequireTool("npm", Npm);
        var s = ExampleSandbox.Create("node-project");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("npm_audit.toml"), "--allow-net=false"],
            "npm", "install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts");

        AssertInstalled(r, Path.Combine(s.Project, "node_modules", "evil-pkg", "package.json"));
        AssertAttacksBlocked(s, r);
        Assert.Contains("ATTACK connect_out: BLOCKED", r.Stdout);
        var connect = r.Syscalls.Where(e => IsDeny(e) && e.GetProperty("syscall").GetString() == "connect"
            && Decoded(e, "addr") == ExampleSandbox.OutsideAddress).ToList();
        Assert.True(connect.Count > 0, $"no deny event for the connection to {ExampleSandbox.OutsideAddress}");
        Assert.Contains(connect, e => NetworkLayers.Contains(e.GetProperty("layer").GetString()));
    }

    // ---- pnpm --------------------------------------------------------------------------------------------------

    [Fact]
    public void Pnpm_install_under_pnpm_audit_succeeds_and_its_postinstall_attacks_are_denied_and_reported()
    {
        ExampleSandbox.RequireTool("node", Npm);
        ExampleSandbox.RequireTool("pnpm", Pnpm);
        var s = ExampleSandbox.Create("node-project");
        // The private runtime/temporary directory the policy's header asks for (pnpm's lock directories).
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("pnpm_audit.toml"), "--allow-path", s.Tmp], "pnpm", "install", "--offline");

        AssertInstalled(r, Path.Combine(s.Project, "node_modules", "evil-pkg", "package.json"), Path.Combine(s.Project, "pnpm-lock.yaml"));
        AssertAttacksBlocked(s, r);
        // pnpm's token file: denied by the policy's own rule (it is not even visible, but the rule names it).
        AssertDenyEvent(r, Path.Combine(s.Home, ".config", "pnpm", "auth.ini"), ["deny"], "pnpm reading ~/.config/pnpm/auth.ini");
        AssertNetworkAttempt(r, ExampleSandbox.OutsideAddress);
    }

    // ---- composer ----------------------------------------------------------------------------------------------

    [Fact]
    public void Composer_install_under_composer_audit_succeeds_and_its_post_install_script_is_denied_and_reported()
    {
        ExampleSandbox.RequireTool("php", Php);
        ExampleSandbox.RequireTool("composer", Composer);
        var s = ExampleSandbox.Create("composer-project");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("composer_audit.toml"), "--allow-path", s.Tmp],
            "composer", "install", "--no-interaction", "--no-progress");

        AssertInstalled(r, Path.Combine(s.Project, "vendor", "sandtrace", "evil-pkg", "src", "Evil.php"), Path.Combine(s.Project, "vendor", "autoload.php"));
        AssertAttacksBlocked(s, r);
        AssertNetworkAttempt(r, ExampleSandbox.OutsideAddress);
    }

    // ---- the fixtures are real attacks -------------------------------------------------------------------------

    /// <summary>Without enforcement the same installs leak the key and change ~/.bashrc: the tests above can fail.</summary>
    [Theory]
    [InlineData("npm")]
    [InlineData("pnpm")]
    [InlineData("composer")]
    public void The_same_install_under_trace_only_leaks_the_key_and_edits_bashrc(string tool)
    {
        string[] command;
        ExampleSandbox s;
        switch (tool)
        {
            case "npm":
                ExampleSandbox.RequireTool("npm", Npm);
                s = ExampleSandbox.Create("node-project");
                command = ["npm", "install", "--offline", "--no-audit", "--no-fund", "--foreground-scripts"];
                break;
            case "pnpm":
                ExampleSandbox.RequireTool("pnpm", Pnpm);
                s = ExampleSandbox.Create("node-project");
                command = ["pnpm", "install", "--offline"];
                break;
            default:
                ExampleSandbox.RequireTool("php", Php);
                ExampleSandbox.RequireTool("composer", Composer);
                s = ExampleSandbox.Create("composer-project");
                command = ["composer", "install", "--no-interaction", "--no-progress"];
                break;
        }
        var r = s.Run(["--trace-only"], command);
        Assert.True(r.ExitCode == 0, $"{tool} install failed (exit {r.ExitCode})\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        Assert.Contains("ATTACK read_ssh_key: WORKED " + ExampleSandbox.SshKey, r.Stdout);
        Assert.Contains("ATTACK append_bashrc: WORKED", r.Stdout);
        Assert.Contains("evil-pkg", File.ReadAllText(s.BashrcPath));
    }

    // ---- strict and permissive ---------------------------------------------------------------------------------

    [Fact]
    public void Strict_lets_a_program_read_the_system_and_write_only_its_directory()
    {
        var s = ExampleSandbox.Create("probe");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("strict.toml")], "/usr/bin/python3", "probe.py");
        var p = Probes(r);

        Assert.StartsWith("OK", p["list_usr_bin"]);
        Assert.StartsWith("OK", p["write_project"]);
        Assert.Equal("written inside the project\n", File.ReadAllText(Path.Combine(s.Project, "probe-out.txt")));
        // Nothing of the home directory exists; no other program may be executed; nothing outside may be written.
        Assert.Equal("DENIED (EACCES)", p["exec_ls"]);
        AssertDenyEvent(r, "/usr/bin/ls", ["landlock", "exec"], "executing ls (strict.toml allows no other program)");
        Assert.Equal("DENIED (EACCES)", p["read_ssh_key"]);
        AssertDenyEvent(r, s.SshKeyPath, ReadLayers, "reading ~/.ssh/id_rsa");
        Assert.StartsWith("DENIED", p["read_bashrc"]);
        Assert.StartsWith("DENIED", p["append_bashrc"]);
        AssertDenyEvent(r, s.BashrcPath, WriteLayers, "appending to ~/.bashrc");
        Assert.Equal("DENIED (EROFS)", p["write_etc"]);
        AssertDenyEvent(r, "/etc/sandtrace-probe", WriteLayers, "writing /etc");
        Assert.StartsWith("DENIED", p["connect_out"]);
        AssertConnectDenied(r);
        Assert.Equal("DENIED (EACCES)", p["exec_dropped"]);
        AssertDenyEvent(r, Path.Combine(s.Project, "dropped-binary"), ["landlock"], "executing a binary written into the project");
        Assert.Equal("DENIED (ENOENT)", p["list_run"]);
        AssertClean(s, r);
    }

    [Fact]
    public void Permissive_runs_system_programs_and_reads_home_but_writes_only_the_project_and_keeps_secrets()
    {
        var s = ExampleSandbox.Create("probe");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("permissive.toml")], "/usr/bin/python3", "probe.py");
        var p = Probes(r);

        // Broad read access, system programs executable: `ls -la /usr/bin` works.
        Assert.StartsWith("OK", p["list_usr_bin"]);
        Assert.StartsWith("OK exit 0", p["exec_ls"]);
        Assert.Contains(r.Process("exec"), e => e.GetProperty("path").GetString() == "/usr/bin/ls");
        Assert.Equal("OK " + ExampleSandbox.BashrcText.Split('\n')[0], p["read_bashrc"]);   // the home directory is readable…
        // …but not writable, and nothing else outside the project is.
        Assert.Equal("DENIED (EROFS)", p["append_bashrc"]);
        AssertDenyEvent(r, s.BashrcPath, WriteLayers, "appending to ~/.bashrc");
        Assert.Equal("DENIED (EROFS)", p["write_etc"]);
        AssertDenyEvent(r, "/etc/sandtrace-probe", WriteLayers, "writing /etc");
        Assert.StartsWith("OK", p["write_project"]);
        Assert.Equal("written inside the project\n", File.ReadAllText(Path.Combine(s.Project, "probe-out.txt")));
        // No network, and nothing the program writes may be executed.
        Assert.StartsWith("DENIED", p["connect_out"]);
        AssertConnectDenied(r);
        Assert.Equal("DENIED (EACCES)", p["exec_dropped"]);
        AssertDenyEvent(r, Path.Combine(s.Project, "dropped-binary"), ["landlock"], "executing a binary written into the project");
        // Broad, but not "/": the host's UNIX sockets stay out of sight (a read-only view does not stop a connect()).
        Assert.Equal("DENIED (ENOENT)", p["list_run"]);
        // /tmp holds only the way to the project when the test's temporary directory is there, else it does not exist.
        Assert.Equal(s.Project.StartsWith("/tmp/", StringComparison.Ordinal) ? "OK 1 entries" : "DENIED (ENOENT)", p["list_tmp"]);
        // Secrets under the readable home: a built-in one (~/.bash_history) and one of the policy's own ("~/.*_history").
        Assert.Equal("DENIED (EACCES)", p["read_bash_history"]);
        AssertDenyEvent(r, Path.Combine(s.Home, ".bash_history"), ["deny"], "reading ~/.bash_history");
        Assert.Equal("DENIED (EACCES)", p["read_zsh_history"]);
        AssertDenyEvent(r, Path.Combine(s.Home, ".zsh_history"), ["deny"], "reading ~/.zsh_history (the policy's \"~/.*_history\")");
        Assert.Equal("DENIED (EACCES)", p["read_ssh_key"]);   // ~/.ssh is masked (its event: the next test)
        AssertClean(s, r);
    }

    /// <summary>
    /// Under permissive.toml ~ is readable, so ~/.ssh exists and is masked by an unreadable directory: reading
    /// ~/.ssh/id_rsa fails with EACCES, and that refusal must be a deny event like any other (README "Every denial is
    /// an event").
    /// </summary>
    [Fact]
    public void Permissive_reports_a_read_inside_a_masked_secret_directory_as_a_deny_event()
    {
        var s = ExampleSandbox.Create("probe");
        var r = s.Run(["--policy", ExampleSandbox.PolicyPath("permissive.toml")], "/usr/bin/python3", "probe.py");
        Assert.Equal("DENIED (EACCES)", Probes(r)["read_ssh_key"]);
        Assert.DoesNotContain("SECRET-", r.Stdout, StringComparison.Ordinal);
        AssertDenyEvent(r, s.SshKeyPath, ["deny", "mount", "landlock"], "reading ~/.ssh/id_rsa inside the masked ~/.ssh");
    }

    // ---- assertions --------------------------------------------------------------------------------------------

    static void AssertInstalled(RunOutcome r, params string[] files)
    {
        Assert.True(r.ExitCode == 0, $"the install failed under the policy (exit {r.ExitCode})\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        foreach (var f in files) Assert.True(File.Exists(f), $"the install did not create {f}\nstdout:\n{r.Stdout}");
        Assert.Equal(0, r.Summary.GetProperty("exit_code").GetInt32());
    }

    /// <summary>The fixture's script ran (its lines are there) and each attack failed with a deny event.</summary>
    static void AssertAttacksBlocked(ExampleSandbox s, RunOutcome r)
    {
        Assert.True(r.Stdout.Contains("ATTACK read_ssh_key:"), $"the install script did not run (or its output is hidden)\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        Assert.Contains("ATTACK read_ssh_key: BLOCKED", r.Stdout);
        Assert.Contains("ATTACK append_bashrc: BLOCKED", r.Stdout);
        AssertDenyEvent(r, s.SshKeyPath, ReadLayers, "the script reading ~/.ssh/id_rsa");
        AssertDenyEvent(r, s.BashrcPath, WriteLayers, "the script appending to ~/.bashrc");
        AssertClean(s, r);
    }

    /// <summary>No secret anywhere in the output or the trace, ~/.bashrc untouched, a schema-valid trace.</summary>
    static void AssertClean(ExampleSandbox s, RunOutcome r)
    {
        Assert.DoesNotContain("SECRET-", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-", File.ReadAllText(r.JsonlPath), StringComparison.Ordinal);
        Assert.Equal(ExampleSandbox.BashrcText, File.ReadAllText(s.BashrcPath));
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
        Assert.True(r.Summary.GetProperty("denied_count").GetInt64() >= 1);
    }

    static void AssertDenyEvent(RunOutcome r, string path, string[] layers, string what)
    {
        var touching = r.Syscalls.Where(e => Names(e, path)).ToList();
        var denials = touching.Where(IsDeny).ToList();
        Assert.True(denials.Count > 0, $"no deny event for {what} ({path}); its events: " +
            (touching.Count == 0 ? "none" : string.Join("\n", touching.Select(e => e.GetRawText()))));
        Assert.True(denials.Any(e => layers.Contains(e.GetProperty("layer").GetString())),
            $"{what}: denied by {string.Join(", ", denials.Select(e => e.GetProperty("layer").GetString()).Distinct())}, expected one of {string.Join(", ", layers)}");
        Assert.All(denials, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("rule").GetString())));
        Assert.Contains(r.Summary.GetProperty("denials").EnumerateArray(),
            d => denials.Any(e => e.GetProperty("rule").GetString() == d.GetProperty("rule").GetString()));
    }

    static void AssertConnectDenied(RunOutcome r)
    {
        var connect = r.Syscalls.Where(e => e.GetProperty("syscall").GetString() == "connect" && Decoded(e, "addr") == ExampleSandbox.OutsideAddress).ToList();
        Assert.True(connect.Count > 0, $"no connect to {ExampleSandbox.OutsideAddress} in the trace");
        Assert.Contains(connect, e => IsDeny(e) && NetworkLayers.Contains(e.GetProperty("layer").GetString()));
    }

    static void AssertNetworkAttempt(RunOutcome r, string address)
    {
        var attempts = r.Summary.GetProperty("network_attempts").EnumerateArray().Select(a => a.GetProperty("address").GetString()).ToList();
        Assert.True(attempts.Contains(address), $"the connection to {address} is not in the summary's network_attempts: {string.Join(", ", attempts)}");
    }

    static bool IsDeny(JsonElement e) => e.GetProperty("action").GetString() == "deny";

    static string? Decoded(JsonElement e, string key) =>
        e.GetProperty("args").TryGetProperty("decoded", out var d) && d.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    /// <summary>The paths a syscall event names; a relative one (e.g. execve("./x")) matches any absolute path ending in it.</summary>
    static bool Names(JsonElement e, string absolutePath)
    {
        foreach (var key in new[] { "path", "pathname", "filename", "oldpath", "newpath" })
        {
            if (Decoded(e, key) is not { } p) continue;
            if (p == absolutePath) return true;
            if (!p.StartsWith('/') && absolutePath.EndsWith("/" + (p.StartsWith("./") ? p[2..] : p), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>"PROBE name: OK detail" / "PROBE name: DENIED (ERRNO)" lines of tests/fixtures/probe/probe.py.</summary>
    static Dictionary<string, string> Probes(RunOutcome r)
    {
        Assert.True(r.ExitCode == 0, $"probe.py failed (exit {r.ExitCode})\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        var probes = new Dictionary<string, string>();
        foreach (var line in r.Stdout.Split('\n'))
        {
            if (!line.StartsWith("PROBE ", StringComparison.Ordinal)) continue;
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            probes[line[6..colon]] = line[(colon + 2)..];
        }
        Assert.True(probes.Count == 13, $"expected 13 probes, got {probes.Count}:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        return probes;
    }
}
