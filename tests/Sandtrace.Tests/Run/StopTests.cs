using Xunit;
using System.Diagnostics;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Run;

/// <summary>Timeouts, Ctrl-C and a killed sandtrace end every process in the sandbox.</summary>
[Trait("Category", "Sandbox")]
public class StopTests
{
    [Fact]
    public void Timeout_kills_a_background_grandchild_and_exits_124()
    {
        // 3 s: both sleeps must have started before the limit, also on a machine busy with the rest of the suite.
        var r = SandtraceRunner.Trace(["--trace-only", "--timeout", "3"], "sh", "-c", "sh -c 'sleep 1000' & sleep 1000");
        Assert.Equal(124, r.ExitCode);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(15), $"took {r.Elapsed}");
        Assert.Equal("timeout", r.Summary.GetProperty("interrupted").GetString());
        Assert.Equal(124, r.Summary.GetProperty("exit_code").GetInt32());
        var sleeps = r.Process("exec").Where(e => e.GetProperty("comm").GetString() == "sleep").Select(e => e.GetProperty("pid").GetInt32()).ToList();
        Assert.Equal(2, sleeps.Count);
        Assert.All(sleeps, pid => Assert.False(HostProcesses.Alive(pid), $"sleep {pid} survived the timeout"));
        Assert.Equal(2, r.Process("signaled").Count(e => e.GetProperty("signal").GetString() == "SIGKILL" && sleeps.Contains(e.GetProperty("pid").GetInt32())));
        Assert.Contains("time limit", r.Stderr);
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void Ctrl_c_kills_the_sandbox_writes_the_summary_and_exits_130()
    {
        var r = SandtraceRunner.Run(["--trace-only", "--timeout", "60"], ["sh", "-c", "sleep 1000 & sleep 1000"],
            whileRunning: p => { WaitForSleeps(p.Id, 2); Kill(p.Id, 2); });
        Assert.Equal(130, r.ExitCode);
        Assert.Equal("SIGINT", r.Summary.GetProperty("interrupted").GetString());
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void Sigkill_of_sandtrace_leaves_no_sandboxed_process_alive()
    {
        List<(int Pid, string Comm)> inside = [];
        var r = SandtraceRunner.Run(["--trace-only", "--timeout", "60"], ["sh", "-c", "sh -c 'sleep 1000' & sleep 1000"],
            whileRunning: p =>
            {
                inside = WaitForSleeps(p.Id, 2);
                Kill(p.Id, 9);
            });
        Assert.Equal(137, r.ExitCode);
        Assert.True(inside.Count >= 4, "reaper, shells and sleeps should have been seen: " + string.Join(",", inside));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (inside.Any(x => HostProcesses.Alive(x.Pid)) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.All(inside, x => Assert.False(HostProcesses.Alive(x.Pid), $"{x.Comm} ({x.Pid}) survived SIGKILL of sandtrace"));
    }

    static List<(int Pid, string Comm)> WaitForSleeps(int sandtracePid, int count)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            var d = HostProcesses.Descendants(sandtracePid);
            if (d.Count(x => x.Comm == "sleep") >= count) return d;
            Thread.Sleep(20);
        }
        throw new TimeoutException("the sleeps never started");
    }

    static void Kill(int pid, int sig) => Assert.Equal(0, kill(pid, sig));

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int kill(int pid, int sig);
}
