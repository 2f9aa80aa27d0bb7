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

    /// <summary>The body of the C array <paramref name="name"/> (between its braces).</summary>
    static string ArrayBody(string name)
    {
        var array = Regex.Match(Source, $@"\b{name}\[\] = \{{(?<body>.*?)\n\}};", RegexOptions.Singleline);
        Assert.True(array.Success, $"no {name}[] array in bench/ptrace_floor.c");
        return array.Groups["body"].Value;
    }

    [Fact]
    public void TracesExactlyTheSecurityTraceSet()
    {
        var inC = Regex.Matches(ArrayBody("traced"), @"SYS_(\w+)").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(inC.Count, inC.Distinct().Count());
        Assert.Equal(SecurityTraceSet.Names.Order(StringComparer.Ordinal), inC.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LetsTheSameDescriptorFormsThrough()
    {
        var inC = Regex.Matches(ArrayBody("descriptor_forms"), @"\{SYS_(\w+), (\d+)\}")
            .Select(m => $"{m.Groups[1].Value} arg {m.Groups[2].Value}").Order(StringComparer.Ordinal);
        var inSandtrace = SecurityTraceSet.DescriptorForms.Select(f => $"{f.Syscall} arg {f.Arg}").Order(StringComparer.Ordinal);

        Assert.Equal(inSandtrace, inC);
        Assert.All(SecurityTraceSet.DescriptorForms, f => Assert.Equal(0x1000UL, f.Bit));
        Assert.Contains("#define AT_EMPTY_PATH_BIT 0x1000", Source);
        Assert.Contains("BPF_JSET | BPF_K, AT_EMPTY_PATH_BIT", Source);
    }
}
