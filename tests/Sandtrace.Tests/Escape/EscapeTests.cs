using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Escape;

/// <summary>
/// The escape suite: every script of tests/escape tries to break out of `--policy examples/strict.toml`. Each attack
/// must fail AND leave a deny event naming a layer that may refuse it; where it makes sense the same attack must work
/// under --trace-only, proving the scenario can fail.
/// </summary>
[Trait("Category", "Sandbox")]
public class EscapeTests
{
    public static TheoryData<EscapeScenario> Scenarios => new(EscapeScenario.All);
    public static TheoryData<EscapeScenario> Opposites => new(EscapeScenario.All.Where(s => s.Opposite != Opposite.None));

    [Fact]
    public void Every_script_has_a_scenario_and_there_are_at_least_40()
    {
        var scripts = Directory.GetFiles(EscapeDir, "*.py").Select(Path.GetFileNameWithoutExtension).Where(n => !n!.StartsWith('_')).ToHashSet();
        scripts.Remove("fork_bomb");   // its own test below
        Assert.Equal(scripts.Order(), EscapeScenario.All.Select(s => s.Name).Order());
        Assert.True(EscapeScenario.All.Length >= 40);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Attack_fails_and_is_reported(EscapeScenario s)
    {
        var r = Attack(s, enforce: true);
        Assert.DoesNotContain("ESCAPED", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-", r.Stdout, StringComparison.Ordinal);
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
        if (!s.ExpectDenyEvent) return;
        var denials = r.Syscalls.Where(e => e.GetProperty("action").GetString() == "deny").ToList();
        Assert.True(denials.Count > 0, $"no deny event for {s.Name}; stdout: {r.Stdout}");
        Assert.Contains(denials, e => s.Layers.Contains(e.GetProperty("layer").GetString()));
        Assert.True(r.Summary.GetProperty("denied_count").GetInt64() >= 1);
    }

    /// <summary>The same attacks with --trace=security: only security-relevant calls stop in the tracer, and
    /// denials must still each be an event (the filter hands them to the tracer, which fails them).</summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Attack_fails_and_is_reported_with_security_depth(EscapeScenario s)
    {
        var r = Attack(s, enforce: true, extra: ["--trace=security"]);
        Assert.DoesNotContain("ESCAPED", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-", r.Stdout, StringComparison.Ordinal);
        if (!s.ExpectDenyEvent) return;
        var denials = r.Syscalls.Where(e => e.GetProperty("action").GetString() == "deny").ToList();
        Assert.True(denials.Count > 0, $"no deny event for {s.Name} with --trace=security; stdout: {r.Stdout}");
        Assert.Contains(denials, e => s.Layers.Contains(e.GetProperty("layer").GetString()));
    }

    [Theory]
    [MemberData(nameof(Opposites))]
    public void Attack_works_without_enforcement(EscapeScenario s)
    {
        if (s.Opposite == Opposite.RootOnly && !SandtraceRunner.IsRoot) return;   // unreadable to others anyway
        var r = Attack(s, enforce: false);
        Assert.Contains("ESCAPED", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fork_bomb_ends_at_the_timeout_with_nothing_left()
    {
        var r = Attack(new EscapeScenario("fork_bomb", []), enforce: true, extra: ["--timeout", "2"]);
        Assert.Equal(124, r.ExitCode);
        var pids = r.Process("fork").Select(e => e.GetProperty("child_pid").GetInt32()).ToList();
        Assert.True(pids.Count > 5, $"only {pids.Count} forks");
        Assert.All(pids, p => Assert.False(HostProcesses.Alive(p), $"forked process {p} survived"));
    }

    static string EscapeDir => Path.Combine(EventSchema.FindRepoRoot(), "tests", "escape");
    static string StrictPolicy => Path.Combine(EventSchema.FindRepoRoot(), "examples", "strict.toml");

    static RunOutcome Attack(EscapeScenario s, bool enforce, string[]? extra = null)
    {
        string root = SandtraceRunner.TempDir();
        string home = Dir(root, "home"), work = Dir(root, "work"), outside = Dir(root, "outside");
        File.WriteAllText(Path.Combine(Dir(home, ".ssh"), "id_rsa"), "SECRET-SSH-KEY\n");
        File.WriteAllText(Path.Combine(Dir(work, "app"), ".env"), "SECRET-ENV=1\n");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "SECRET-OUTSIDE\n");
        File.WriteAllText(Path.Combine(home, ".bashrc"), "# bashrc\n");
        foreach (var f in Directory.GetFiles(EscapeDir, "*.py")) File.Copy(f, Path.Combine(work, Path.GetFileName(f)));

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string abstractName = "sandtrace-escape-" + Guid.NewGuid().ToString("N")[..8];
        using var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        unix.Bind(new UnixDomainSocketEndPoint("\0" + abstractName));
        unix.Listen();
        using var victim = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var flags = new List<string>();
            if (enforce) flags.AddRange(["--policy", StrictPolicy]);
            else flags.Add("--trace-only");
            if (!enforce && s.Opposite == Opposite.WithNetwork) flags.AddRange(["--allow-net", "--unsafe-ack"]);
            flags.AddRange(["--allow-path", work, "--timeout", "20"]);
            flags.AddRange(extra ?? []);
            var env = new Dictionary<string, string?>
            {
                ["HOME"] = home, ["ATTACK_HOME"] = home, ["ATTACK_WORK"] = work, ["ATTACK_OUTSIDE"] = outside,
                ["ATTACK_PORT"] = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(), ["ATTACK_ABSTRACT"] = abstractName,
                ["ATTACK_HOST_PID"] = victim.Id.ToString(),
            };
            File.WriteAllText(Path.Combine(work, "attack.json"), System.Text.Json.JsonSerializer.Serialize(
                env.Where(kv => kv.Key.StartsWith("ATTACK_")).ToDictionary(kv => kv.Key, kv => kv.Value)));
            string script = Path.Combine(work, s.Name + ".py");
            string[] command = s.Name == "read_inherited_fd"
                // sandtrace is started with descriptor 3 open on the secret, as a careless caller might.
                ? ["/bin/sh", "-c", $"exec 3<'{Path.Combine(home, ".ssh", "id_rsa")}'; exec '{SandtraceRunner.Binary}' run {string.Join(' ', flags.Select(Quote))} -o '{Path.Combine(root, "trace.jsonl")}' -- /usr/bin/python3 '{script}'"]
                : ["/usr/bin/python3", script];
            var r = s.Name == "read_inherited_fd"
                ? SandtraceRunner.RunRaw(command, Path.Combine(root, "trace.jsonl"), env)
                : SandtraceRunner.Run([.. flags], command, env: env, workingDirectory: work);
            Assert.True(HostProcesses.Alive(victim.Id), "the host process was killed from inside the sandbox");
            return r;
        }
        finally
        {
            victim.Kill();
        }
    }

    static string Quote(string a) => "'" + a.Replace("'", "'\\''") + "'";

    static string Dir(string parent, string name)
    {
        string d = Path.Combine(parent, name);
        Directory.CreateDirectory(d);
        return d;
    }
}
