using Xunit;
using System.Diagnostics;
using Sandtrace.Tests.Support;

namespace Sandtrace.Tests.Run;

/// <summary>
/// The trace is faithful: per-syscall counts of `sandtrace run --trace-only` match `strace -f -c` on the same command
/// within 2% (total, and every syscall seen 10+ times). strace -c counts a call when it returns, so exit and
/// exit_group (which never return) are left out of the comparison. As an unprivileged user the sandbox can map only
/// the user's own ids (others show as nobody, which changes what e.g. `ls -la` looks up), so there strace runs in a
/// user namespace with the same mapping; as root both see the host's ids.
/// </summary>
[Trait("Category", "Sandbox")]
public class StraceComparisonTests
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "/bin/ls", "-la", "/usr/bin" },
        new[] { "sh", "-c", "cat /etc/hostname | wc -c" },
        new[] { "/usr/bin/python3", "-c", "import json" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Counts_match_strace(string[] command)
    {
        // Same directory, same environment (in the same order) for both: heap growth (brk) depends on them.
        string cwd = SandtraceRunner.TempDir();
        var strace = StraceCounts(command, cwd);
        var r = SandtraceRunner.Run(["--trace-only"], command, workingDirectory: cwd);
        Assert.Equal(0, r.ExitCode);
        Assert.All(r.Syscalls, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("syscall").GetString())));
        Assert.Equal("summary", r.Summary.GetProperty("event_type").GetString());
        Assert.Empty(EventSchema.Validate(r.JsonlPath));

        var mine = r.Syscalls.GroupBy(e => e.GetProperty("syscall").GetString()!).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var never in new[] { "exit", "exit_group" }) mine.Remove(never);
        long myTotal = mine.Values.Sum(), theirTotal = strace.Values.Sum();
        var problems = new List<string>();
        if (!Within2Percent(theirTotal, myTotal)) problems.Add($"total: strace {theirTotal}, sandtrace {myTotal}");
        foreach (var name in strace.Keys.Union(mine.Keys))
        {
            long a = strace.GetValueOrDefault(name), b = mine.GetValueOrDefault(name);
            if (Math.Max(a, b) >= 10 && !Within2Percent(a, b)) problems.Add($"{name}: strace {a}, sandtrace {b}");
        }
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        // The summary agrees with the events it summarises.
        Assert.Equal(r.Syscalls.Count(), r.Summary.GetProperty("total_syscalls").GetInt64());
    }

    static bool Within2Percent(long expected, long actual) => Math.Abs(expected - actual) <= Math.Max(expected, actual) * 0.02;

    static Dictionary<string, long> StraceCounts(string[] command, string cwd)
    {
        string output = Path.Combine(SandtraceRunner.TempDir(), "strace.txt");
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd };
        if (SandtraceRunner.IsRoot) psi.FileName = "strace";
        else
        {
            psi.FileName = "unshare";
            foreach (var a in new[] { "--user", "--map-user=" + Id("-u"), "--map-group=" + Id("-g"), "strace" }) psi.ArgumentList.Add(a);
        }
        foreach (var a in new[] { "-f", "-c", "-o", output }) psi.ArgumentList.Add(a);
        foreach (var a in command) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "strace failed: " + err);
        var counts = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(output))
        {
            // % time     seconds  usecs/call     calls    errors syscall
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || !char.IsDigit(f[0][0]) || f[^1] == "total") continue;
            counts[f[^1]] = long.Parse(f[3]);
        }
        Assert.NotEmpty(counts);
        return counts;
    }

    static string Id(string flag)
    {
        using var p = Process.Start(new ProcessStartInfo("id", flag) { RedirectStandardOutput = true })!;
        return p.StandardOutput.ReadToEnd().Trim();
    }
}
