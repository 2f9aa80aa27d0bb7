using Xunit;
using Sandtrace.Policy;

namespace Sandtrace.Tests.Policy;

/// <summary>[limits]: sizes with units, counts, seconds, and their ranges.</summary>
public class PolicyLimitsTests
{
    readonly PolicyScratch _s = new();

    [Theory]
    [InlineData("100", 100L)]
    [InlineData("64K", 65536L)]
    [InlineData("512M", 536870912L)]
    [InlineData("2G", 2147483648L)]
    [InlineData("2g", 2147483648L)]
    [InlineData("1T", 1099511627776L)]
    [InlineData("512MiB", 536870912L)]
    [InlineData(" 8 K ", 8192L)]
    public void Sizes_take_binary_units(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out long parsed, out var problem), problem);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("2GB", "unknown unit 'GB'")]
    [InlineData("1.5G", "unknown unit '.5G'")]
    [InlineData("G", "is not a size")]
    [InlineData("", "is not a size")]
    [InlineData("-1M", "is not a size")]
    [InlineData("99999999999999999999", "too large")]
    [InlineData("9999999999T", "too large")]
    public void Malformed_sizes_say_why(string text, string why)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem);
    }

    [Fact]
    public void Every_limit_reaches_the_policy()
    {
        var p = _s.Load("[limits]\ntimeout = 2.5\nmemory = \"512M\"\nmax_processes = 64\nmax_file_size = \"64K\"\nmax_open_files = 256\ncpu_time = 60\n");
        Assert.Equal(TimeSpan.FromSeconds(2.5), p.Timeout);
        Assert.Equal(512L << 20, p.Limits.MemoryBytes);
        Assert.Equal(64, p.Limits.MaxProcesses);
        Assert.Equal(64L << 10, p.Limits.MaxFileSizeBytes);
        Assert.Equal(256, p.Limits.MaxOpenFiles);
        Assert.Equal(60, p.Limits.CpuTimeSeconds);
    }

    [Fact]
    public void Sizes_may_be_plain_bytes_and_unset_limits_stay_null()
    {
        var p = _s.Load("[limits]\nmemory = 1073741824\ntimeout = 0\n");
        Assert.Equal(1L << 30, p.Limits.MemoryBytes);
        Assert.Null(p.Timeout);
        Assert.Null(p.Limits.MaxProcesses);
        Assert.Null(p.Limits.MaxFileSizeBytes);
        Assert.Null(p.Limits.MaxOpenFiles);
        Assert.Null(p.Limits.CpuTimeSeconds);
    }

    [Theory]
    [InlineData("memory = 512", "2:10: E_POLICY_INVALID: memory = 512 is only 512 bytes, less than any program needs to start; give a unit, e.g. memory = \"512M\"")]
    [InlineData("memory = \"1000T\"", "memory = \"1000T\" is more than the maximum 128 TiB")]
    [InlineData("memory = 0", "memory must be positive, not 0")]
    [InlineData("memory = true", "'memory' must be a number of bytes or a size like \"512M\", not a boolean")]
    [InlineData("max_file_size = \"2GB\"", "max_file_size: '2GB' has an unknown unit 'GB'")]
    [InlineData("max_processes = 0", "max_processes must be positive, not 0")]
    [InlineData("max_processes = 5000000", "max_processes = 5000000 is more than the maximum 4194304 processes")]
    [InlineData("max_open_files = \"1024\"", "'max_open_files' must be a whole number of descriptors, not a string")]
    [InlineData("cpu_time = 1.5", "'cpu_time' must be a whole number of seconds, not a float")]
    [InlineData("cpu_time = -1", "cpu_time must be positive, not -1")]
    [InlineData("timeout = -5", "timeout = -5 is out of range; write 0 (no limit) to 31536000 seconds")]
    public void Out_of_range_or_mistyped_limits_are_invalid(string line, string fragment)
    {
        var e = _s.LoadFails($"[limits]\n{line}\n");
        Assert.Equal(PolicyError.Invalid, e.Code);
        Assert.Contains(fragment, e.Message);
    }
}
