using System.Text;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>The tracer's byte-level path clean-up gives Path.GetFullPath's answer: checked on every absolute path of up
/// to five segments drawn from "", ".", "..", names and dot-names (37k paths), and on non-ASCII names.</summary>
public class LexicalPathTests
{
    static readonly string[] Segments = ["", ".", "..", "a", "bc", "...", ".x", "x."];

    [Fact]
    public void Agrees_with_GetFullPath_on_every_short_path()
    {
        var paths = new List<string>();
        void Grow(string prefix, int depth)
        {
            paths.Add(prefix.Length == 0 ? "/" : prefix);
            if (depth == 0) return;
            foreach (var s in Segments) Grow(prefix + "/" + s, depth - 1);
        }
        Grow("", 5);
        Assert.True(paths.Count > 30_000);
        var dest = new byte[4096];
        var wrong = new List<string>();
        foreach (var p in paths)
        {
            int n = LexicalPath.Normalize(Encoding.UTF8.GetBytes(p), dest);
            string got = n < 0 ? "<none>" : Encoding.UTF8.GetString(dest, 0, n);
            if (got != Path.GetFullPath(p)) wrong.Add($"{p} -> {got}, GetFullPath {Path.GetFullPath(p)}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
    }

    [Theory]
    [InlineData("/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/stdio.h", "/usr/include/stdio.h")]
    [InlineData("/home/ünï/./cödé/../x/", "/home/ünï/x/")]
    [InlineData("/../../etc//passwd", "/etc/passwd")]
    public void Cleans_real_paths(string path, string want)
    {
        var dest = new byte[4096];
        int n = LexicalPath.Normalize(Encoding.UTF8.GetBytes(path), dest);
        Assert.Equal(want, Encoding.UTF8.GetString(dest, 0, n));
        Assert.Equal(Path.GetFullPath(path), want);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("")]
    public void Refuses_relative_paths(string path) =>
        Assert.Equal(-1, LexicalPath.Normalize(Encoding.UTF8.GetBytes(path), new byte[64]));

    [Fact]
    public void Reports_a_result_that_does_not_fit()
    {
        var path = Encoding.UTF8.GetBytes("/abcdef/ghijkl/");
        Assert.Equal(-1, LexicalPath.Normalize(path, new byte[14]));    // "/abcdef/ghijkl/" is 15 bytes
        Assert.Equal(15, LexicalPath.Normalize(path, new byte[15]));
    }
}
