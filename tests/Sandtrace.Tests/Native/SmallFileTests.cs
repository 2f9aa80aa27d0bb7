using Sandtrace.Native;
using Xunit;

namespace Sandtrace.Tests.Native;

public sealed class SmallFileTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8 * 1024)]           // exactly the first buffer
    [InlineData(8 * 1024 + 1)]       // one doubling
    [InlineData(100_000)]            // several
    public void ReadAll_returns_every_byte_whatever_the_size(int size)
    {
        string path = Path.GetTempFileName();
        try
        {
            var content = new byte[size];
            new Random(size).NextBytes(content);
            File.WriteAllBytes(path, content);
            Assert.Equal(content, SmallFile.ReadAll(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ReadAll_of_a_missing_file_is_null() =>
        Assert.Null(SmallFile.ReadAll("/nonexistent-dir-for-sandtrace/file"));

    [Fact]
    public void ReadAll_reads_a_proc_file_whose_size_stat_does_not_tell()
    {
        // /proc files report size 0; the whole content must come anyway.
        var bytes = SmallFile.ReadAll("/proc/self/status");
        Assert.NotNull(bytes);
        Assert.Contains("\nPid:\t", System.Text.Encoding.ASCII.GetString(bytes!));
    }

    [Fact]
    public void The_process_environment_is_read_in_full_and_in_order()
    {
        var entries = ProcessEnvironment.Read();
        // Every variable the process started with, in the order it got them (what a faithful launch passes on).
        var raw = File.ReadAllBytes("/proc/self/environ");
        var expected = System.Text.Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, entries);
        Assert.Contains(entries, e => e.StartsWith("PATH=", StringComparison.Ordinal));
    }
}
