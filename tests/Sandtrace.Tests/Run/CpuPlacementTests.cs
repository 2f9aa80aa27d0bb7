using System.Text.RegularExpressions;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>
/// --cpu-placement: with --trace=security auto keeps the tracer and a single busy process on one CPU, and gives the
/// sandbox every CPU once two of its processes compute at the same time; with --trace=all auto is same; none never
/// pins; same always does; follow never pins the sandbox and moves the tracer to the CPU of each stopped task. Read back
/// from SANDTRACE_STATS and from the sandboxed processes' own Cpus_allowed_list.
/// </summary>
[Trait("Category", "Sandbox")]
public class CpuPlacementTests
{
    // Pure shell arithmetic: CPU-bound without syscalls, so it is busy in both tracing depths.
    const string Spin = "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done";
    const string Allowed = "grep Cpus_allowed_list /proc/self/status";

    static (int Switches, bool PinnedAtEnd, string Stdout) Run(string[] flags, string script)
    {
        var r = SandtraceRunner.Run([.. flags, "--allow-exec"], ["/bin/sh", "-c", script],
            env: new Dictionary<string, string?> { ["SANDTRACE_STATS"] = "1" });
        Assert.True(r.ExitCode == 0, r.Stderr);
        var m = Regex.Match(r.Stderr, @"cpu_placement_switches=(\d+) pinned_at_end=([01])");
        Assert.True(m.Success, r.Stderr);
        return (int.Parse(m.Groups[1].Value), m.Groups[2].Value == "1", r.Stdout);
    }

    static bool SingleCpu(string stdout) => Regex.IsMatch(stdout, @"Cpus_allowed_list:\s*\d+\s*$", RegexOptions.Multiline);

    [Fact]
    public void Auto_unpins_when_two_processes_compute_at_once_under_the_security_depth()
    {
        if (Environment.ProcessorCount < 2) return;   // one CPU: nothing to choose
        var (switches, _, stdout) = Run(["--trace=security"], $"{Allowed}; ({Spin}) & ({Spin}); wait; {Allowed}");
        Assert.True(switches >= 1, "two busy processes did not unpin the sandbox");
        Assert.True(SingleCpu(stdout.Split('\n')[0]), $"the run did not start on one CPU: {stdout}");
    }

    [Fact]
    public void Auto_is_same_under_the_all_depth_where_the_tracer_is_the_bottleneck()
    {
        if (Environment.ProcessorCount < 2) return;
        var (switches, pinned, stdout) = Run(["--trace=all"], $"({Spin}) & ({Spin}); wait; {Allowed}");
        Assert.Equal(0, switches);
        Assert.True(pinned);
        Assert.True(SingleCpu(stdout), stdout);
    }

    [Theory]
    [InlineData("--trace=all")]
    [InlineData("--trace=security")]
    public void Auto_keeps_one_busy_process_on_the_tracers_cpu(string depth)
    {
        if (Environment.ProcessorCount < 2) return;
        var (switches, pinned, stdout) = Run([depth], $"{Spin}; {Allowed}");
        Assert.Equal(0, switches);
        Assert.True(pinned);
        Assert.True(SingleCpu(stdout), stdout);
    }

    [Fact]
    public void None_and_same_do_not_adapt()
    {
        if (Environment.ProcessorCount < 2) return;
        var none = Run(["--cpu-placement=none"], $"({Spin}) & ({Spin}); wait; {Allowed}");
        Assert.Equal(0, none.Switches);
        Assert.False(none.PinnedAtEnd);
        Assert.False(SingleCpu(none.Stdout), none.Stdout);
        var same = Run(["--cpu-placement=same"], $"({Spin}) & ({Spin}); wait; {Allowed}");
        Assert.Equal(0, same.Switches);
        Assert.True(same.PinnedAtEnd);
        Assert.True(SingleCpu(same.Stdout), same.Stdout);
    }

    [Fact]
    public void Follow_moves_the_tracer_to_each_stopped_tasks_cpu_and_never_pins_the_sandbox()
    {
        if (Environment.ProcessorCount < 2) return;
        // Two processes that stop at every syscall, each held to its own CPU by taskset inside the sandbox: the tracer
        // has to go back and forth between the two CPUs.
        const string Dd = "dd if=/dev/zero of=/dev/null bs=1 count=300 2>/dev/null";
        var (switches, pinned, stdout) = Run(["--trace=all", "--cpu-placement=follow"],
            $"taskset -c 0 {Dd} & taskset -c 1 {Dd}; wait; {Allowed}");
        Assert.True(switches >= 2, $"the tracer moved {switches} times");
        Assert.False(pinned);
        Assert.False(SingleCpu(stdout), stdout);
    }
}
