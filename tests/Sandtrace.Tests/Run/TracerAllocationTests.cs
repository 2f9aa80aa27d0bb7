using System.Text.RegularExpressions;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>The tracer loop allocates nothing per syscall: tracing 200k syscalls (with JSONL written) allocates no
/// more on the tracer thread than tracing 2k, and the same holds for failing path calls (a compiler probing include
/// directories), which are explained as genuine or denied. Measured by the tracer itself (SANDTRACE_STATS=1).</summary>
[Trait("Category", "Sandbox")]
public class TracerAllocationTests
{
    [Fact]
    public void Allocated_bytes_stay_flat_from_2k_to_200k_syscalls()
    {
        var (smallCalls, small) = Measure(1_000);
        var (bigCalls, big) = Measure(100_000);
        Assert.True(bigCalls >= 200_000, $"only {bigCalls} syscalls traced");
        Assert.True(smallCalls < 5_000);
        // 198k more syscalls may cost at most 64 KiB more (well under one byte per syscall).
        Assert.True(big - small < 64 * 1024, $"tracer allocated {small} B for {smallCalls} syscalls but {big} B for {bigCalls}");
    }

    [Fact]
    public void Allocated_bytes_stay_flat_for_failing_path_calls()
    {
        // Absolute and relative (against the working directory, through ".."), each missing on the host too.
        static string[] Probes(int n) => ["/bin/bash", "-c",
            $"cd /usr && for ((i = 0; i < {n}; i++)); do [ -e /usr/nonexistent/$i ]; [ -e lib/../nonexistent$i ]; done; true"];
        var (smallCalls, small) = Measure(Probes(500));
        var (bigCalls, big) = Measure(Probes(20_000));
        Assert.True(bigCalls >= 40_000, $"only {bigCalls} syscalls traced");
        Assert.True(big - small < 64 * 1024, $"tracer allocated {small} B for {smallCalls} syscalls but {big} B for {bigCalls}");
    }

    static (long Calls, long Bytes) Measure(int count) =>
        Measure(["/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", $"count={count}"]);

    static (long Calls, long Bytes) Measure(string[] command)
    {
        var r = SandtraceRunner.Run([], command,
            env: new Dictionary<string, string?> { ["SANDTRACE_STATS"] = "1" });
        Assert.Equal(0, r.ExitCode);
        var m = Regex.Match(r.Stderr, @"tracer_allocated_bytes=(\d+)");
        Assert.True(m.Success, r.Stderr);
        return (r.Summary.GetProperty("total_syscalls").GetInt64(), long.Parse(m.Groups[1].Value));
    }
}
