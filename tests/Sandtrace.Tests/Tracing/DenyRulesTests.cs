using System.Text;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>The tracer's deny-rule check at a call's entry: a path is cleaned lexically ("..", ".", "//") before it is
/// matched, so it cannot be dodged by spelling, and the cleaning allocates nothing (every dotfile and a compiler's
/// include paths need it).</summary>
public class DenyRulesTests
{
    readonly DenyRules _rules = new(["/home/u/.ssh/**", "**/.env"]);

    [Theory]
    [InlineData("/home/u/.ssh/id_rsa", "/home/u/.ssh/**")]
    [InlineData("/home/u/x/../.ssh/./id_rsa", "/home/u/.ssh/**")]
    [InlineData("//home//u/.ssh//id_rsa", "/home/u/.ssh/**")]
    [InlineData("/../../home/u/.ssh/id_rsa", "/home/u/.ssh/**")]
    [InlineData("/proj/sub/../.env", "**/.env")]
    [InlineData("/home/u/.ssh/../id_rsa", null)]
    [InlineData("/proj/.env/../x", null)]
    public void Matches_the_cleaned_path(string path, string? rule) =>
        Assert.Equal(rule, _rules.Match(Encoding.UTF8.GetBytes(path), null));

    [Theory]
    [InlineData("../.ssh/id_rsa", "/home/u/x", "/home/u/.ssh/**")]
    [InlineData("./.env", "/proj", "**/.env")]
    [InlineData("x/../../..", "/", null)]
    public void Resolves_relative_paths_against_the_base(string path, string baseDir, string? rule) =>
        Assert.Equal(rule, _rules.Match(Encoding.UTF8.GetBytes(path), baseDir));

    [Fact]
    public void Cleaning_allocates_nothing()
    {
        var path = Encoding.UTF8.GetBytes("/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/./stdio.h");
        Assert.Null(_rules.Match(path, null));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++) _rules.Match(path, null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"{allocated} bytes for 2000 matches");
    }
}
