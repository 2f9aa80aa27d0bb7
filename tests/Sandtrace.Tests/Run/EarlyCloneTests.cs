using System.Diagnostics;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>
/// The sandbox's PID 1 is cloned while the plan is still being made (TraceSession.Start): a plan that then fails must
/// kill and reap it, a clone that fails must still be reported (after any error of the plan, as before), and a run
/// must leave nothing behind. A subreaper around sandtrace sees every process sandtrace would have orphaned.
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class EarlyCloneTests
{
    // Runs sandtrace under a child subreaper (PR_SET_CHILD_SUBREAPER) and counts what is re-parented to it afterwards.
    const string Subreaper = """
        import ctypes, os, subprocess, sys, time
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.3)
        left = 0
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break   # no child at all: nothing was left behind
            left += 1
            if pid == 0:
                break   # one still alive
        print(r.returncode, left)
        sys.stderr.write(r.stderr.decode())
        """;

    static (int Exit, int Orphans, string Stderr) UnderSubreaper(params string[] sandtraceArgs) => UnderSubreaper(null, sandtraceArgs);

    static (int Exit, int Orphans, string Stderr) UnderSubreaper(IDictionary<string, string>? env, string[] sandtraceArgs)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Subreaper);
        psi.ArgumentList.Add(SandtraceRunner.Binary);
        foreach (var a in sandtraceArgs) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string[] fields = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        Assert.True(fields.Length == 2, "wrapper output: " + string.Join(' ', fields) + err.Result);
        return (int.Parse(fields[0]), int.Parse(fields[1]), err.Result);
    }

    // What fails after the clone: the planner (a command that does not exist; a layer it must refuse to run without,
    // Landlock made "missing" with SANDTRACE_LANDLOCK_ABI=0) or, after the child was released, the output file.
    public static TheoryData<string, string, int, string> FailuresAfterTheClone => new()
    {
        { "-o|/dev/null|--|no-such-command-for-sandtrace", "", 127, "command not found" },
        { "-o|/dev/null|--|/bin/true", "0", 125, "Landlock (layer 6) is not available" },
        { "-o|/nonexistent-dir-for-sandtrace/trace.jsonl|--|/bin/true", "", 2, "cannot open output file" },
    };

    [Theory]
    [MemberData(nameof(FailuresAfterTheClone))]
    public void A_failure_after_the_clone_leaves_no_process_behind(string args, string landlockAbi, int exitCode, string message)
    {
        var env = landlockAbi.Length > 0 ? new Dictionary<string, string> { ["SANDTRACE_LANDLOCK_ABI"] = landlockAbi } : null;
        var (exit, orphans, stderr) = UnderSubreaper(env, ["run", .. args.Split('|')]);
        Assert.Equal(exitCode, exit);
        Assert.Contains(message, stderr);
        Assert.Equal(0, orphans);
    }

    [Fact]
    public void A_run_leaves_no_process_behind()
    {
        var (exit, orphans, _) = UnderSubreaper("run", "-o", "/dev/null", "--", "/bin/sh", "-c", "exit 3");
        Assert.Equal(3, exit);
        Assert.Equal(0, orphans);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("security")]
    public void The_no_gc_window_opened_before_planning_still_holds_at_the_clone(string depth)
    {
        // The clone must not meet a collection in progress (a cloned child would wait for it forever); the window is
        // opened before planning so that no collection has to stop the busy planner at the clone. If a run allocated
        // past its budget the launcher would open a new one (correct, but slower): this says the budget fits.
        var r = SandtraceRunner.Run(["--trace=" + depth], ["/bin/sh", "-c", "exit 0"],
            env: new Dictionary<string, string?> { ["SANDTRACE_STATS"] = "1" });
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"nogc_window_held=1\b", r.Stderr);
    }

    [Fact]
    public void The_summary_is_written_while_pid_1_exits_only_when_nothing_untraced_can_remain()
    {
        var env = new Dictionary<string, string?> { ["SANDTRACE_STATS"] = "1" };
        // Following forks, every task is traced: once only PID 1 is left the trace is complete.
        var followed = SandtraceRunner.Run([], ["/bin/sh", "-c", "exit 0"], env: env);
        Assert.Equal(0, followed.ExitCode);
        Assert.Matches(@"summary_early=1\b", followed.Stderr);
        // Not following forks, a child may still run untraced when the target is gone: sandtrace waits for the whole
        // sandbox before it reports, as before.
        var unfollowed = SandtraceRunner.Run(["--follow-forks=false", "--allow-exec"], ["/bin/sh", "-c", "/bin/sleep 0.3 & exit 0"], env: env);
        Assert.Equal(0, unfollowed.ExitCode);
        Assert.Matches(@"summary_early=0\b", unfollowed.Stderr);
        Assert.True(unfollowed.Elapsed >= TimeSpan.FromMilliseconds(300), $"returned after {unfollowed.Elapsed}");
    }

    static (int Exit, string Stderr) WithoutUserNamespaces(params string[] command)
    {
        // A user namespace of our own whose limit of nested user namespaces is 0: sandtrace's clone fails (ENOSPC).
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-Ur", "sh", "-c", "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"", "sh", SandtraceRunner.Binary, "run", "-o", "/dev/null", "--" })
            psi.ArgumentList.Add(a);
        foreach (var c in command) psi.ArgumentList.Add(c);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Result);
    }

    [Fact]
    public void A_clone_that_fails_is_reported_with_its_reason()
    {
        var (exit, stderr) = WithoutUserNamespaces("/bin/true");
        Assert.Equal(125, exit);
        Assert.Contains("cannot create the namespaces (clone: No space left on device", stderr);
    }

    [Fact]
    public void An_error_of_the_plan_still_comes_before_a_failed_clone()
    {
        var (exit, stderr) = WithoutUserNamespaces("no-such-command-for-sandtrace");
        Assert.Equal(127, exit);
        Assert.Contains("command not found", stderr);
        Assert.DoesNotContain("cannot create the namespaces", stderr);
    }
}
