using System.Diagnostics;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>
/// sandtrace inside a user namespace of its own (a container, `unshare -Ur`): root there has only the ids that
/// namespace maps, so the sandbox's map must name only those (a map of every id is refused with EPERM).
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class NestedUserNamespaceTests
{
    static (int Exit, string Stdout, string Stderr) InUnshare(string setup, params string[] sandtraceArgs)
    {
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-Ur", "sh", "-c", setup + "exec \"$@\"", "sh", SandtraceRunner.Binary, "run", "-o", "/dev/null" })
            psi.ArgumentList.Add(a);
        foreach (var c in sandtraceArgs) psi.ArgumentList.Add(c);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, err.Result);
    }

    [Fact]
    public void Sandtrace_runs_inside_a_user_namespace_of_its_own()
    {
        var (exit, stdout, stderr) = InUnshare("", "--allow-exec", "--", "/bin/sh", "-c", "id -u; cat /proc/self/uid_map");
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("0", lines[0]);
        // The only id the outer namespace has, mapped to itself.
        Assert.Equal(["0", "0", "1"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_step_that_fails_before_the_release_is_reported_by_name()
    {
        // No network namespace may be made in there: PID 1's first own step fails, before sandtrace releases it.
        var (exit, _, stderr) = InUnshare("echo 0 > /proc/sys/user/max_net_namespaces && ", "--", "/bin/true");
        Assert.Equal(125, exit);
        Assert.Contains("sandbox setup failed at 'create the network namespace (unshare CLONE_NEWNET)': No space left on device", stderr);
    }
}
