using System.Runtime.InteropServices;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>Every event reaches the JSONL file when a busy run is cut short, with blocks still on their way through the
/// writer thread: by the time limit and by Ctrl-C. The file holds one line per syscall the summary counts. The writer
/// thread, started by the tracer thread, does not stay on the tracer's pinned CPU.</summary>
[Trait("Category", "Sandbox")]
public class JsonlFlushTests
{
    static readonly string[] Busy = ["/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=1000000000"];

    static void AssertComplete(RunOutcome r)
    {
        long total = r.Summary.GetProperty("total_syscalls").GetInt64();
        Assert.True(total > 5_000, $"only {total} syscalls: the run was too short to fill a block");
        Assert.True(new FileInfo(r.JsonlPath).Length > 1 << 20, "less than 1 MiB of events: the writer thread was not used");
        Assert.Equal(total, r.Syscalls.LongCount());
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void A_time_limit_leaves_every_event_in_the_file()
    {
        // ~12k syscalls (3 MiB of events), then a wait the time limit ends.
        var r = SandtraceRunner.Trace(["--trace-only", "--timeout", "2"], "/bin/sh", "-c",
            "dd if=/dev/zero of=/dev/null bs=1 count=6000 2>/dev/null; exec sleep 1000");
        Assert.Equal(124, r.ExitCode);
        AssertComplete(r);
    }

    [Fact]
    public void Ctrl_c_leaves_every_event_in_the_file()
    {
        string dir = SandtraceRunner.TempDir();
        var r = SandtraceRunner.Run(["--trace-only", "--timeout", "60"], Busy, workingDirectory: dir, whileRunning: p =>
        {
            WaitForBlocks(dir);
            Assert.Equal(0, kill(p.Id, 2));
        });
        Assert.Equal(130, r.ExitCode);
        AssertComplete(r);
    }

    [Fact]
    public void The_writer_thread_is_not_pinned_with_the_tracer()
    {
        if (Environment.ProcessorCount < 2) return;    // one CPU: nothing to tell apart
        string dir = SandtraceRunner.TempDir();
        Dictionary<string, string> allowed = [];
        var r = SandtraceRunner.Run(["--trace-only", "--cpu-placement=same", "--timeout", "60"], Busy, workingDirectory: dir,
            whileRunning: p =>
            {
                WaitForBlocks(dir);
                foreach (var task in Directory.GetDirectories($"/proc/{p.Id}/task"))
                {
                    string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                    string line = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("Cpus_allowed_list:"));
                    allowed[comm == "sandtrace" ? "main" : comm] = line.Split(':')[1].Trim();
                }
                Assert.Equal(0, kill(p.Id, 2));
            });
        Assert.Equal(130, r.ExitCode);
        Assert.True(allowed.ContainsKey("jsonl writer"), "no writer thread: " + string.Join(", ", allowed));
        Assert.NotEqual(allowed["main"], allowed["tracer"]);                // the tracer is pinned to one CPU
        Assert.Equal(allowed["main"], allowed["jsonl writer"]);
    }

    /// <summary>Until several blocks have reached the file (the start takes a while under the JIT).</summary>
    static void WaitForBlocks(string dir)
    {
        var file = new FileInfo(Path.Combine(dir, "trace.jsonl"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (!file.Exists || file.Length < 2 << 20)) { Thread.Sleep(20); file.Refresh(); }
    }

    [DllImport("libc")]
    static extern int kill(int pid, int sig);
}
