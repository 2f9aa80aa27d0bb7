using System.Text.RegularExpressions;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>The tracer loop allocates nothing per syscall: tracing 200k syscalls (with JSONL written) allocates no
/// more on the tracer thread than tracing 2k. Measured by the tracer itself (SANDTRACE_STATS=1).</summary>
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

    static (long Calls, long Bytes) Measure(int count)
    {
        var r = SandtraceRunner.Run([], ["/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", $"count={count}"],
            env: new Dictionary<string, string?> { ["SANDTRACE_STATS"] = "1" });
        Assert.Equal(0, r.ExitCode);
        var m = Regex.Match(r.Stderr, @"tracer_allocated_bytes=(\d+)");
        Assert.True(m.Success, r.Stderr);
        return (r.Summary.GetProperty("total_syscalls").GetInt64(), long.Parse(m.Groups[1].Value));
    }
}
