using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>--trace=security stops only on security-relevant calls, with their results; --trace=all on every call.</summary>
[Trait("Category", "Sandbox")]
public class TraceDepthTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Security_depth_traces_file_process_and_network_calls_only(bool traceOnly)
    {
        string[] flags = traceOnly ? ["--trace-only", "--trace=security"] : ["--trace=security"];
        var r = SandtraceRunner.Trace(flags, "/bin/cat", "/etc/hostname");
        Assert.Equal(0, r.ExitCode);
        var names = r.Syscalls.Select(e => e.GetProperty("syscall").GetString()).ToHashSet();
        Assert.Contains("execve", names);
        Assert.Contains("openat", names);
        Assert.DoesNotContain("mmap", names);
        Assert.DoesNotContain("read", names);
        Assert.DoesNotContain("close", names);
        var open = r.Syscalls.First(e => e.GetProperty("syscall").GetString() == "openat"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "/etc/hostname");
        Assert.True(open.GetProperty("success").GetBoolean());                 // the return value is captured
        Assert.Equal(3, open.GetProperty("return_value").GetInt32());
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
        var all = SandtraceRunner.Trace(traceOnly ? ["--trace-only"] : [], "/bin/cat", "/etc/hostname");
        Assert.True(all.Summary.GetProperty("total_syscalls").GetInt64() > 2 * r.Summary.GetProperty("total_syscalls").GetInt64());
    }

    /// <summary>The tracer hands a call's exit event to the sinks only after the task runs again: still every call once,
    /// in each task's order, before the event of its process's end, also when processes end right after a call.</summary>
    [Theory]
    [InlineData("--trace=security")]
    [InlineData("--trace=all")]
    public void Each_call_of_short_lived_processes_is_reported_once_in_order_before_the_process_ends(string depth)
    {
        var r = SandtraceRunner.Trace([depth, "--allow-exec"], "sh", "-c", "for i in $(seq 40); do cat /etc/hostname; done > /dev/null");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(40, r.Syscalls.Count(e => e.GetProperty("syscall").GetString() == "openat"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "/etc/hostname"
            && e.GetProperty("success").GetBoolean()));
        var ended = new HashSet<int>();
        var last = new Dictionary<int, DateTimeOffset>();
        foreach (var e in r.Events.Where(e => e.GetProperty("event_type").GetString() is "syscall" or "process"))
        {
            int pid = e.GetProperty("pid").GetInt32();
            Assert.False(ended.Contains(pid), $"an event of pid {pid} after its end: {e}");
            if (e.GetProperty("event_type").GetString() == "process")
            {
                if (e.GetProperty("action").GetString() is "exited" or "signaled") ended.Add(pid);
                continue;
            }
            // A call's timestamp is its entry (a fork's process event, seen before the call returns, comes between).
            var at = DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!);
            Assert.True(!last.TryGetValue(pid, out var before) || before <= at, $"pid {pid} out of order: {e}");
            last[pid] = at;
        }
        Assert.True(ended.Count >= 41, $"{ended.Count} processes ended");   // sh and the 40 cats at least (seq's subshell too)
    }

    /// <summary>With -v the console's line of a call is written before the task runs on (the other sinks get the call
    /// after the resume): each line comes before what the program writes to the same stderr after that call.</summary>
    [Theory]
    [InlineData("--trace=security")]
    [InlineData("--trace=all")]
    public void A_live_line_comes_before_the_output_the_program_writes_after_that_call(string depth)
    {
        // /proc/self/comm holds "cat" for each cat, whatever the machine (/etc/hostname may be empty).
        var r = SandtraceRunner.Run([depth, "--allow-exec", "-v", "--no-color"], ["sh", "-c", "for i in $(seq 20); do cat /proc/self/comm >&2; done"]);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stderr.Split('\n');
        var opens = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("openat(") && lines[i].Contains("\"/proc/self/comm\"")).ToList();
        var outputs = Enumerable.Range(0, lines.Length).Where(i => lines[i] == "cat").ToList();
        Assert.Equal(20, opens.Count);
        Assert.Equal(20, outputs.Count);
        for (int k = 0; k < 20; k++)
            Assert.True(opens[k] < outputs[k], $"cat #{k + 1}: its output (line {outputs[k]}) before its openat line ({opens[k]})");
    }

    const string StatProbe = "import os; os.stat('/etc/hostname'); fd = os.open('/etc/hostname', os.O_RDONLY); " +
        "os.fstat(fd); os.readlink('/proc/self/exe')";

    static bool IsDescriptorStat(System.Text.Json.JsonElement e) =>
        e.GetProperty("syscall").GetString() == "newfstatat"
        && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Security_depth_skips_readlink_and_the_descriptor_form_of_stat_but_stops_on_stat_of_a_path(bool traceOnly)
    {
        string[] depth = traceOnly ? ["--trace-only", "--trace=security"] : ["--trace=security"];
        var r = SandtraceRunner.Trace(depth, "/usr/bin/python3", "-c", StatProbe);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.Syscalls, e => e.GetProperty("syscall").GetString() == "newfstatat"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "/etc/hostname"
            && e.GetProperty("success").GetBoolean());
        Assert.DoesNotContain(r.Syscalls, IsDescriptorStat);
        Assert.DoesNotContain(r.Syscalls, e => e.GetProperty("syscall").GetString() is "readlink" or "readlinkat");

        // Control: the same program under --trace=all makes both calls, so their absence above is the filter's doing.
        var all = SandtraceRunner.Trace(traceOnly ? ["--trace-only"] : [], "/usr/bin/python3", "-c", StatProbe);
        Assert.Contains(all.Syscalls, IsDescriptorStat);
        Assert.Contains(all.Syscalls, e => e.GetProperty("syscall").GetString() == "readlink"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "/proc/self/exe");
    }

    [Fact]
    public void Log_only_newfstatat_stops_on_the_descriptor_form_too()
    {
        string policy = Path.Combine(SandtraceRunner.TempDir(), "p.toml");
        File.WriteAllText(policy, "[syscalls]\nlog_only = [\"newfstatat\"]\n");
        var r = SandtraceRunner.Trace(["--trace-only", "--trace=security", "--policy", policy], "/usr/bin/python3", "-c", StatProbe);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.Syscalls, e => IsDescriptorStat(e) && e.GetProperty("action").GetString() == "log_only");
    }

    [Fact]
    public void Security_depth_still_follows_children_and_reports_log_only_calls()
    {
        string dir = SandtraceRunner.TempDir();
        string policy = Path.Combine(dir, "p.toml");
        File.WriteAllText(policy, "[syscalls]\nlog_only = [\"getpid\"]\n");
        var r = SandtraceRunner.Trace(["--trace-only", "--trace=security", "--policy", policy], "sh", "-c", "/bin/true; echo $$");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.Process("exec"), e => e.GetProperty("comm").GetString() == "true");
        Assert.Contains(r.Syscalls, e => e.GetProperty("syscall").GetString() == "getpid" && e.GetProperty("action").GetString() == "log_only");
    }

    [Fact]
    public void Unknown_depth_is_a_usage_error()
    {
        var r = SandtraceRunner.Run(["--trace=everything"], ["/bin/true"], jsonl: false);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--trace takes all or security", r.Stderr);
    }
}

[Trait("Category", "Sandbox")]
public class TraceDepthPolicyTests
{
    [Fact]
    public void Policy_trace_depth_applies_and_the_flag_overrides_it()
    {
        string p = Path.Combine(SandtraceRunner.TempDir(), "p.toml");
        File.WriteAllText(p, "[trace]\ndepth = \"security\"\n");
        var fromPolicy = SandtraceRunner.Trace(["--trace-only", "--policy", p], "/bin/cat", "/etc/hostname");
        Assert.DoesNotContain(fromPolicy.Syscalls, e => e.GetProperty("syscall").GetString() == "mmap");
        var overridden = SandtraceRunner.Trace(["--trace-only", "--policy", p, "--trace=all"], "/bin/cat", "/etc/hostname");
        Assert.Contains(overridden.Syscalls, e => e.GetProperty("syscall").GetString() == "mmap");
        File.WriteAllText(p, "[trace]\ndepth = \"securty\"\n");
        var bad = SandtraceRunner.Run(["--policy", p], ["/bin/true"], jsonl: false);
        Assert.Equal(78, bad.ExitCode);
        Assert.Contains("p.toml:2:9: E_POLICY_INVALID: unknown trace depth 'securty' (did you mean 'security'?)", bad.Stderr);
    }
}
