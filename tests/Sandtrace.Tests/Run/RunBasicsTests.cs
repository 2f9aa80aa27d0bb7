using Xunit;
using System.Text.Json;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Run;

/// <summary>`sandtrace run --trace-only` on real programs: output passthrough, processes, exit status, events.</summary>
[Trait("Category", "Sandbox")]
public class RunBasicsTests
{
    static readonly string[] TraceOnly = ["--trace-only", "--no-color"];

    [Fact]
    public void Ls_output_is_untouched_and_every_event_is_valid()
    {
        string dir = SandtraceRunner.TempDir();
        foreach (var f in new[] { "alpha", "beta", "gamma" }) File.WriteAllText(Path.Combine(dir, f), f);
        var r = SandtraceRunner.Trace(TraceOnly, "/bin/ls", dir);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("alpha\nbeta\ngamma\n", r.Stdout);
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
        Assert.Equal("summary", r.Summary.GetProperty("event_type").GetString());
        Assert.All(r.Syscalls, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("syscall").GetString())));
        var exec = Assert.Single(r.Process("exec"));
        Assert.Equal("ls", exec.GetProperty("comm").GetString());
        Assert.Equal("/bin/ls", exec.GetProperty("path").GetString());
        Assert.Equal(["/bin/ls", dir], exec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray());
        // The directory listing is in the trace, decoded.
        Assert.Contains(r.Syscalls, e => e.GetProperty("syscall").GetString() == "openat"
            && e.GetProperty("args").TryGetProperty("decoded", out var d) && d.GetProperty("path").GetString() == dir);
        Assert.Equal(r.Syscalls.Count(), r.Summary.GetProperty("total_syscalls").GetInt64());
    }

    [Fact]
    public void Binary_stdout_passes_through_and_never_reaches_the_jsonl()
    {
        var r = SandtraceRunner.Trace(TraceOnly, "/usr/bin/printf", "OUT\\000\\377\\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(new byte[] { (byte)'O', (byte)'U', (byte)'T', 0, 0xff, (byte)'\n' }, r.StdoutBytes);
        Assert.DoesNotContain("OUT\0", File.ReadAllText(r.JsonlPath), StringComparison.Ordinal);
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void Stdin_passes_through()
    {
        var r = SandtraceRunner.Run(TraceOnly, ["/usr/bin/tr", "a-z", "A-Z"], stdin: "hello\n");
        Assert.Equal("HELLO\n", r.Stdout);
    }

    [Fact]
    public void Shell_pipeline_is_followed_across_forks_and_execs()
    {
        var r = SandtraceRunner.Trace(TraceOnly, "sh", "-c", "printf hello | tr a-z A-Z; echo");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("HELLO\n", r.Stdout);
        var comms = r.Process("exec").Select(e => e.GetProperty("comm").GetString()).ToList();
        Assert.Contains("sh", comms);
        Assert.Contains("tr", comms);
        Assert.True(r.Process("fork").Count() + r.Process("vfork").Count() + r.Process("clone").Count() >= 1);
        Assert.True(r.Summary.GetProperty("process_count").GetInt32() >= 2);
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 42", 42)]
    [InlineData("exit 255", 255)]
    public void Exit_code_of_the_program_is_sandtraces(string script, int code)
    {
        var r = SandtraceRunner.Trace(TraceOnly, "sh", "-c", script);
        Assert.Equal(code, r.ExitCode);
        Assert.Equal(code, r.Summary.GetProperty("exit_code").GetInt32());
        var exited = r.Process("exited").Single(e => !e.TryGetProperty("thread", out _));
        Assert.Equal(code, exited.GetProperty("exit_code").GetInt32());
    }

    [Theory]
    [InlineData("SEGV", 11)]
    [InlineData("TERM", 15)]
    [InlineData("KILL", 9)]
    public void Program_killed_by_a_signal_gives_128_plus_n(string sig, int n)
    {
        var r = SandtraceRunner.Trace(TraceOnly, "sh", "-c", $"kill -{sig} $$");
        Assert.Equal(128 + n, r.ExitCode);
        var killed = Assert.Single(r.Process("signaled"));
        Assert.Equal("SIG" + sig, killed.GetProperty("signal").GetString());
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void Children_that_outlive_their_parent_are_still_traced()
    {
        var r = SandtraceRunner.Trace(TraceOnly, "sh", "-c", "(sleep 0.3; echo late) & echo early; exit 7");
        Assert.Equal(7, r.ExitCode);
        Assert.Equal("early\nlate\n", r.Stdout);
        Assert.Contains(r.Process("exec"), e => e.GetProperty("comm").GetString() == "sleep");
        // The orphan's own exit was seen, after the parent's.
        var exits = r.Process("exited").Select(e => e.GetProperty("pid").GetInt32()).ToList();
        Assert.True(exits.Count >= 3, $"expected the shell, the subshell and sleep to exit, saw {exits.Count}");
    }

    [Fact]
    public void Threads_are_followed()
    {
        const string py = "import threading\nout=[]\nts=[threading.Thread(target=lambda i=i: out.append(open('/proc/self/stat').read()[:1])) for i in range(4)]\n" +
            "[t.start() for t in ts]\n[t.join() for t in ts]\nprint(len(out))";
        var r = SandtraceRunner.Trace(TraceOnly, "/usr/bin/python3", "-c", py);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("4\n", r.Stdout);
        var threads = r.Process("clone").Where(e => e.TryGetProperty("thread", out var t) && t.GetBoolean()).ToList();
        Assert.True(threads.Count >= 4, $"expected ≥4 thread clones, saw {threads.Count}");
        var threadPids = threads.Select(t => t.GetProperty("child_pid").GetInt32()).ToHashSet();
        // Syscalls made by the threads themselves are traced (each opened /proc/self/stat).
        Assert.True(r.Syscalls.Count(e => threadPids.Contains(e.GetProperty("pid").GetInt32())) >= 4);
        Assert.Equal(1, r.Summary.GetProperty("process_count").GetInt32());
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void Follow_forks_false_traces_only_the_first_process()
    {
        var all = SandtraceRunner.Trace(TraceOnly, "sh", "-c", "/bin/true; /bin/true; echo ok");
        var first = SandtraceRunner.Trace([.. TraceOnly, "--follow-forks=false"], "sh", "-c", "/bin/true; /bin/true; echo ok");
        Assert.Equal("ok\n", first.Stdout);
        Assert.Equal(0, first.ExitCode);
        var pids = first.Syscalls.Select(e => e.GetProperty("pid").GetInt32()).Distinct().ToList();
        Assert.Single(pids);
        Assert.DoesNotContain(first.Process("exec"), e => e.GetProperty("comm").GetString() == "true");
        Assert.Contains(all.Process("exec"), e => e.GetProperty("comm").GetString() == "true");
        Assert.True(first.Summary.GetProperty("total_syscalls").GetInt64() < all.Summary.GetProperty("total_syscalls").GetInt64());
    }

    [Fact]
    public void Stopped_and_continued_processes_resume()
    {
        var r = SandtraceRunner.Trace([.. TraceOnly, "--timeout", "20"], "sh", "-c",
            "sleep 0.5 & p=$!; kill -STOP $p; sleep 0.3; kill -CONT $p; wait $p; echo resumed $?");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("resumed 0\n", r.Stdout);
        Assert.Contains(r.OfType("signal"), e => e.GetProperty("signal").GetString() == "SIGSTOP");
        Assert.Contains(r.OfType("signal"), e => e.GetProperty("signal").GetString() == "SIGCONT");
    }

    [Fact]
    public void The_sandbox_has_its_own_pid_namespace_and_loopback()
    {
        var r = SandtraceRunner.Trace(TraceOnly, "/usr/bin/python3", "-c",
            "import os,socket\nprint(os.getpid())\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n" +
            "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); c=socket.create_connection(s.getsockname()); print('lo ok')\n" +
            "try:\n socket.create_connection(('192.0.2.1',80), timeout=2)\nexcept OSError as e: print('net', e.errno)");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("2", lines[0]);                     // PID 1 is sandtrace's reaper, the program is 2
        Assert.Equal("[1, 2]", lines[1]);                // nothing of the host is visible
        Assert.Equal("lo ok", lines[2]);
        Assert.Equal("net 101", lines[3]);               // ENETUNREACH: no route out of the namespace
        Assert.Contains(r.Summary.GetProperty("network_attempts").EnumerateArray(),
            n => n.GetProperty("address").GetString() == "192.0.2.1:80" && n.GetProperty("result").GetString() == "ENETUNREACH");
    }
}
