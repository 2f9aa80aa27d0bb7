using System.Text;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>ProcFs.LastCpu reads field 39 ("processor") of a /proc/TID/stat line, counting from the last ")".</summary>
public class ProcFsTests
{
    // Fields 3..52 of a stat line after "PID (COMM) ": the state, then numbers; field 39 set to cpu.
    static byte[] StatLine(string comm, int cpu)
    {
        var sb = new StringBuilder($"4242 ({comm}) S");
        for (int field = 4; field <= 52; field++) sb.Append(' ').Append(field == 39 ? cpu : field * 10);
        return Encoding.ASCII.GetBytes(sb.Append('\n').ToString());
    }

    [Theory]
    [InlineData("sh", 0)]
    [InlineData("sh", 1)]
    [InlineData("cc1", 127)]
    [InlineData("a b) S 1 2 (c", 3)]   // a command name with spaces and ")" does not shift the fields
    public void Reads_the_processor_field(string comm, int cpu) =>
        Assert.Equal(cpu, ProcFs.LastCpu(StatLine(comm, cpu)));

    [Theory]
    [InlineData("")]
    [InlineData("4242 sh S 1 2 3")]       // no ")"
    [InlineData("4242 (sh) S 1 2 3 4")]   // too few fields
    public void Returns_minus_one_for_what_is_not_a_stat_line(string line) =>
        Assert.Equal(-1, ProcFs.LastCpu(Encoding.ASCII.GetBytes(line)));

    [Fact]
    public void Reads_this_process_own_stat()
    {
        if (!OperatingSystem.IsLinux()) return;
        int cpu = ProcFs.LastCpu(File.ReadAllBytes($"/proc/{Environment.ProcessId}/stat"));
        Assert.InRange(cpu, 0, 64 * 1024);
        int fd = ProcFs.OpenStat(Environment.ProcessId);
        Assert.True(fd >= 0, $"open: {fd}");
        Assert.Equal(0, Sandtrace.Native.RawSyscall.Call(Sandtrace.Native.Sys.close, fd));
        Assert.True(ProcFs.OpenStat(int.MaxValue) < 0);
    }
}
