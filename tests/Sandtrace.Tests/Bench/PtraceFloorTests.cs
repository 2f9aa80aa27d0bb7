using System.Text.RegularExpressions;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Bench;

/// <summary>
/// bench/ptrace_floor.c is the benchmark's floor for <c>--trace=security</c>: a C tracer that stops on the same
/// calls and does nothing else. Its ratio to bare is read as "what the ptrace stops alone cost on this host", which
/// holds only while it stops on exactly the calls sandtrace stops on.
/// </summary>
public class PtraceFloorTests
{
    static readonly string Source = File.ReadAllText(Path.Combine(EventSchema.FindRepoRoot(), "bench", "ptrace_floor.c"));

    [Fact]
    public void TracesExactlyTheSecurityTraceSet()
    {
        var array = Regex.Match(Source, @"static const int traced\[\] = \{(?<body>[^}]*)\};");
        Assert.True(array.Success, "no traced[] array in bench/ptrace_floor.c");
        var inC = Regex.Matches(array.Groups["body"].Value, @"SYS_(\w+)").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(inC.Count, inC.Distinct().Count());
        Assert.Equal(SecurityTraceSet.Names.Order(StringComparer.Ordinal), inC.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LetsTheSameDescriptorFormsThrough()
    {
        // Each form: a JEQ on the number, then a load of the argument that carries AT_EMPTY_PATH, then a JSET on the bit.
        foreach (var form in SecurityTraceSet.DescriptorForms)
        {
            string pattern =
                $@"BPF_JEQ \| BPF_K, SYS_{form.Syscall}, 0, 2\);\s*" +
                $@"f\[k\+\+\] = \(struct sock_filter\)LD\(args\[{form.Arg}\]\);\s*" +
                @"int skip\d = k;\s*" +
                @"f\[k\+\+\] = \(struct sock_filter\)BPF_JUMP\(BPF_JMP \| BPF_JSET \| BPF_K, AT_EMPTY_PATH_BIT, 0, 0\);";
            Assert.Matches(new Regex(pattern), Source);
            Assert.Equal(0x1000UL, form.Bit);
        }
        Assert.Contains("#define AT_EMPTY_PATH_BIT 0x1000", Source);
        int skips = Regex.Matches(Source, @"AT_EMPTY_PATH_BIT, 0, 0\)").Count;
        Assert.Equal(SecurityTraceSet.DescriptorForms.Length, skips);
    }
}
