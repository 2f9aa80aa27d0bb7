using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>What the policy's [env], [limits] and [network] denied_domains do to the running program.</summary>
[Trait("Category", "Sandbox")]
public class PolicyEffectTests
{
    static string Policy(string toml)
    {
        string p = Path.Combine(SandtraceRunner.TempDir(), "p.toml");
        File.WriteAllText(p, toml);
        return p;
    }

    const string Reads = "[filesystem]\nallow_read = [\"/usr\", \"/lib\", \"/lib64\", \"/bin\", \"/etc\"]\n";

    [Fact]
    public void Environment_is_cleared_to_the_inherit_list_plus_set()
    {
        string p = Policy(Reads + "[env]\ninherit = [\"PATH\", \"KEEP_*\"]\nset = { FIXED = \"1\" }\n");
        var r = SandtraceRunner.Run(["--policy", p], ["/usr/bin/env"], env: new Dictionary<string, string?>
        {
            ["KEEP_ME"] = "yes", ["SECRET_TOKEN"] = "SECRET-TOKEN", ["AWS_SECRET_ACCESS_KEY"] = "SECRET-AWS",
        });
        Assert.Equal(0, r.ExitCode);
        var names = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=')]).Order().ToArray();
        Assert.Equal(["FIXED", "KEEP_ME", "PATH"], names);
        Assert.DoesNotContain("SECRET-", r.Stdout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("1")]
    public void A_users_runtime_settings_reach_the_program_and_sandtraces_own_do_not(string? diagnostics)
    {
        // A JIT build of sandtrace re-executes itself with variables of its own (Native/SelfExec); the program must
        // see the user's environment as it was, whether or not the user set one of those names too.
        string p = Policy(Reads + "[env]\ninherit = [\"PATH\", \"DOTNET_*\", \"SANDTRACE_*\"]\n");
        var r = SandtraceRunner.Run(["--policy", p], ["/usr/bin/env"], env: new Dictionary<string, string?> { ["DOTNET_EnableDiagnostics"] = diagnostics });
        Assert.Equal(0, r.ExitCode);
        var vars = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(vars, v => v.StartsWith("SANDTRACE_WX_REEXEC=") || v.StartsWith("DOTNET_EnableWriteXorExecute="));
        if (diagnostics == null) Assert.DoesNotContain(vars, v => v.StartsWith("DOTNET_EnableDiagnostics="));
        else Assert.Contains("DOTNET_EnableDiagnostics=" + diagnostics, vars);
    }

    [Fact]
    public void Default_environment_keeps_only_the_basics()
    {
        var r = SandtraceRunner.Run([], ["/usr/bin/env"], env: new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "SECRET-GH" });
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("GITHUB_TOKEN", r.Stdout);
        Assert.Contains("PATH=", r.Stdout);
    }

    [Fact]
    public void Limits_become_rlimits_of_the_program()
    {
        string p = Policy(Reads + "[limits]\nmemory = \"512M\"\nmax_open_files = 64\nmax_file_size = \"1M\"\ncpu_time = 5\nmax_processes = 50\n");
        var r = SandtraceRunner.Run(["--policy", p], ["/usr/bin/python3", "-c",
            "import resource as r\nfor n in ['RLIMIT_AS','RLIMIT_NOFILE','RLIMIT_FSIZE','RLIMIT_CPU','RLIMIT_NPROC']: print(n, r.getrlimit(getattr(r, n)))"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("RLIMIT_AS (536870912, 536870912)", r.Stdout);
        Assert.Contains("RLIMIT_NOFILE (64, 64)", r.Stdout);
        Assert.Contains("RLIMIT_FSIZE (1048576, 1048576)", r.Stdout);
        Assert.Contains("RLIMIT_CPU (5, 5)", r.Stdout);
        Assert.Contains("RLIMIT_NPROC (50, 50)", r.Stdout);
    }

    [Fact]
    public void Max_processes_stops_a_fork_loop_inside_the_sandbox_only()
    {
        string p = Policy(Reads + "[limits]\nmax_processes = 20\n");
        var r = SandtraceRunner.Run(["--policy", p, "--timeout", "20"], ["/usr/bin/python3", "-c",
            "import os,time\nn=0\ntry:\n while n < 200:\n  if os.fork()==0: time.sleep(2); os._exit(0)\n  n+=1\nexcept OSError as e: print('stopped after', n, e.errno)"]);
        Assert.Matches(@"stopped after \d+ 11", r.Stdout);      // EAGAIN well before 200
    }

    [Fact]
    public void Denied_domains_resolve_to_nothing_inside()
    {
        string p = Policy(Reads + "[network]\nallow = true\ndenied_domains = [\"evil.example\", \"*.tracker.example\"]\n");
        var r = SandtraceRunner.Run(["--policy", p], ["/usr/bin/python3", "-c",
            "import socket\nfor h in ['evil.example', 'tracker.example', 'localhost']: print(h, socket.gethostbyname(h))"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("evil.example 0.0.0.0", r.Stdout);
        Assert.Contains("tracker.example 0.0.0.0", r.Stdout);
        Assert.Contains("localhost 127.0.0.1", r.Stdout);
    }
}
