using Xunit;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Run;

/// <summary>What a user sees for mistakes and for the output options: one line, a documented exit code.</summary>
[Trait("Category", "Sandbox")]
public class CliTests
{
    [Fact]
    public void Unknown_option_is_a_usage_error_with_a_suggestion()
    {
        var r = SandtraceRunner.Run(["--trace-onyl"], ["/bin/true"], jsonl: false);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option '--trace-onyl' (did you mean '--trace-only'?)", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void No_thread_left_for_the_tracer_is_one_line_and_exit_125()
    {
        if (UnderProcessLimit(2, "/bin/true") is not { } r) return;
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("sandtrace: cannot start the tracer thread (pthread_create: Resource temporarily unavailable (errno 11)); " +
            "is the process limit of this user (ulimit -u) reached?\n", r.Stderr);
    }

    /// <summary>At every process limit a run either completes with its whole trace or stops with a one-line reason
    /// (exit 125): it never hangs and never shows an internal error. With the NativeAOT binary the limits hit, in
    /// order, the tracer thread, the clone, .NET's signal thread, the target's fork, then the JSONL writer thread —
    /// without which the tracer writes the trace itself (a previous version hung there).</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void A_process_limit_never_hangs_a_run_or_loses_its_trace(int limit)
    {
        // dd's 40k syscalls make ~7 MB of JSONL: more than one 256 KiB block, so the writer thread is wanted.
        if (UnderProcessLimit(limit, "/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=20000") is not { } r) return;
        Assert.DoesNotContain("internal error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        if (r.ExitCode == 0)
        {
            var lines = File.ReadAllLines(r.JsonlPath);
            Assert.Contains("\"event_type\":\"summary\"", lines[^1]);
            Assert.True(lines.Length > 40_000, $"{lines.Length} JSONL lines");
        }
        else
        {
            Assert.Equal(125, r.ExitCode);
            Assert.True(r.Stderr.Contains("ulimit -u") || r.Stderr.Contains("(errno 11)"), r.Stderr);
        }
    }

    /// <summary>Runs sandtrace as an otherwise unused uid under RLIMIT_NPROC = <paramref name="limit"/>. RLIMIT_NPROC
    /// counts every task of a real uid, and a JIT runtime starts a varying number of threads: root and the NativeAOT
    /// binary only (null otherwise).</summary>
    static RunOutcome? UnderProcessLimit(int limit, params string[] command)
    {
        if (!SandtraceRunner.IsRoot || Environment.GetEnvironmentVariable("SANDTRACE_BIN") is not { Length: > 0 } bin) return null;
        string dir = SandtraceRunner.TempDir();
        string copy = Path.Combine(dir, "sandtrace"), jsonl = Path.Combine(dir, "trace.jsonl");
        File.Copy(bin, copy);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);   // the trace is written there by that uid
        var psi = new System.Diagnostics.ProcessStartInfo("setpriv")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir,
            ArgumentList = { "--reuid=61234", "--regid=61234", "--clear-groups", "prlimit", $"--nproc={limit}", copy, "run", "-o", jsonl, "--" },
        };
        foreach (var c in command) psi.ArgumentList.Add(c);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(true);
            Assert.Fail($"sandtrace under --nproc={limit} did not finish in 60 s; stderr: {stderr.Result}");
        }
        return new RunOutcome(p.ExitCode, stdout.Result, stderr.Result, [], [], jsonl, sw.Elapsed);
    }

    [Fact]
    public void Missing_command_is_a_usage_error()
    {
        var r = SandtraceRunner.Run(["--trace-only"], [], jsonl: false);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no command given", r.Stderr);
    }

    [Theory]
    [InlineData("no-such-program-xyz", "command not found")]
    [InlineData("plain.txt", "not executable")]
    [InlineData("/tmp", "is a directory")]
    [InlineData("garbage.bin", "exec format error")]
    public void A_command_that_cannot_be_executed_exits_127(string command, string message)
    {
        string dir = SandtraceRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "plain.txt"), "x");
        File.WriteAllBytes(Path.Combine(dir, "garbage.bin"), [1, 2, 3, 4]);
        File.SetUnixFileMode(Path.Combine(dir, "garbage.bin"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (command.EndsWith(".txt") || command.EndsWith(".bin")) command = Path.Combine(dir, command);
        var r = SandtraceRunner.Run(["--trace-only"], [command], jsonl: false);
        Assert.Equal(127, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void By_default_every_layer_is_enforced_and_said_so()
    {
        var r = SandtraceRunner.Run(["-v"], ["/bin/true"], jsonl: false);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("active: user namespace, mount namespace, pid namespace, network namespace, no_new_privs, Landlock, seccomp-bpf, ptrace\n", r.Stderr);
        Assert.DoesNotContain("NOT enforced", r.Stderr);
        Assert.Contains("layer 6 Landlock           active", r.Stderr);
        Assert.Contains("layer 7 seccomp-bpf        active", r.Stderr);
    }

    [Fact]
    public void Layers_are_reported_honestly()
    {
        var r = SandtraceRunner.Run(["--trace-only", "-v"], ["/bin/true"], jsonl: false);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("NOT enforced: Landlock (skipped: --trace-only), seccomp-bpf (skipped: --trace-only)", r.Stderr);
        Assert.Contains("layer 4 network namespace", r.Stderr);
        var net = SandtraceRunner.Run(["--trace-only", "--allow-net", "--unsafe-ack", "-v"], ["/bin/true"], jsonl: false);
        Assert.Contains("network namespace (network allowed", net.Stderr);
    }

    [Fact]
    public void Dash_o_dash_is_refused_because_it_would_mix_with_the_programs_stdout()
    {
        var r = SandtraceRunner.Run(["--trace-only", "-o", "-"], ["/bin/true"], jsonl: false);
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Verbosity_levels_choose_what_is_shown()
    {
        string[] cmd = ["/bin/cat", "/etc/hostname"];
        var quiet = SandtraceRunner.Run(["--trace-only"], cmd, jsonl: false);
        var v = SandtraceRunner.Run(["--trace-only", "-v"], cmd, jsonl: false);
        var vv = SandtraceRunner.Run(["--trace-only", "-vv"], cmd, jsonl: false);
        var vvv = SandtraceRunner.Run(["--trace-only", "-vvv"], cmd, jsonl: false);
        Assert.Contains("exec /bin/cat [\"/bin/cat\", \"/etc/hostname\"] comm=cat", quiet.Stderr);   // process events always
        Assert.Contains("syscalls (", quiet.Stderr);                   // summary always
        Assert.DoesNotContain("openat(", quiet.Stderr);
        Assert.Contains("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3", v.Stderr);
        Assert.DoesNotContain("mmap(", v.Stderr);
        Assert.Contains("mmap(", vv.Stderr);
        Assert.DoesNotContain("raw=[", vv.Stderr);
        Assert.Contains("raw=[", vvv.Stderr);
    }

    [Fact]
    public void No_colour_unless_a_terminal_and_never_with_no_color()
    {
        var piped = SandtraceRunner.Run(["--trace-only", "-v"], ["/bin/true"], jsonl: false);
        Assert.DoesNotContain("\u001b[", piped.Stderr, StringComparison.Ordinal);
        var flagged = SandtraceRunner.Run(["--trace-only", "-v", "--no-color"], ["/bin/true"], jsonl: false,
            env: new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
        Assert.DoesNotContain("\u001b[", flagged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_log_only_syscalls_are_marked()
    {
        string dir = SandtraceRunner.TempDir();
        string policy = Path.Combine(dir, "p.toml");
        File.WriteAllText(policy, "[syscalls]\nlog_only = [\"mmap\", \"openat\"]\n");
        var r = SandtraceRunner.Trace(["--trace-only", "--policy", policy], "/bin/true");
        Assert.Equal(0, r.ExitCode);
        Assert.All(r.Syscalls.Where(e => e.GetProperty("syscall").GetString() is "mmap" or "openat"),
            e => Assert.Equal("log_only", e.GetProperty("action").GetString()));
        Assert.All(r.Syscalls.Where(e => e.GetProperty("syscall").GetString() == "close"),
            e => Assert.Equal("allow", e.GetProperty("action").GetString()));
    }

    [Fact]
    public void A_bad_policy_names_file_line_and_column_and_runs_nothing()
    {
        string dir = SandtraceRunner.TempDir();
        string policy = Path.Combine(dir, "p.toml");
        File.WriteAllText(policy, "[syscalls]\ndeny = [\"mount\", \"mountt\"]\n");
        string marker = Path.Combine(dir, "ran");
        var r = SandtraceRunner.Run(["--trace-only", "--policy", policy], ["/usr/bin/touch", marker], jsonl: false);
        Assert.Equal(78, r.ExitCode);
        Assert.Contains($"{policy}:2:18: E_POLICY_INVALID: unknown syscall 'mountt'", r.Stderr);
        Assert.False(File.Exists(marker));
    }
}
