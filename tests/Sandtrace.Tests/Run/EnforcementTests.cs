using Sandtrace.Tests.Escape;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>The default (enforcing) mode: what the program sees, what it may do, and how denials are reported.</summary>
[Trait("Category", "Sandbox")]
public class EnforcementTests
{
    static string Strict => Path.Combine(EventSchema.FindRepoRoot(), "examples", "strict.toml");

    [Fact]
    public void Cat_etc_shadow_under_strict_fails_with_a_deny_event_naming_the_rule()
    {
        var r = SandtraceRunner.Trace(["--policy", Strict], "cat", "/etc/shadow");
        Assert.NotEqual(0, r.ExitCode);
        var deny = Assert.Single(r.Syscalls, e => e.GetProperty("action").GetString() == "deny"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == "/etc/shadow");
        Assert.Equal("openat", deny.GetProperty("syscall").GetString());
        Assert.Equal("EACCES", deny.GetProperty("errno").GetString());
        Assert.Contains("/etc/shadow", deny.GetProperty("rule").GetString());
        Assert.Contains(r.Summary.GetProperty("denials").EnumerateArray(), d => d.GetProperty("rule").GetString()!.Contains("/etc/shadow"));
        Assert.Empty(EventSchema.Validate(r.JsonlPath));
    }

    [Fact]
    public void A_lookup_through_a_hidden_directory_is_no_denial_but_a_creation_there_is()
    {
        // PATH searches and probes of names missing on the host too fail as they would outside; a file created in a
        // hidden directory is refused by the mount view.
        string hidden = SandtraceRunner.TempDir();
        var lookups = SandtraceRunner.Trace([], "/bin/sh", "-c", $"PATH={hidden}:/usr/bin:/bin; ls-not-a-command; [ -e {hidden}/nothing ]; true");
        Assert.Equal(0, lookups.ExitCode);
        Assert.Equal(0, lookups.Summary.GetProperty("denied_count").GetInt32());
        Assert.DoesNotContain(lookups.Syscalls, e => e.GetProperty("action").GetString() == "deny");

        var create = SandtraceRunner.Trace([], "/bin/sh", "-c", $"echo x > {hidden}/new");
        Assert.NotEqual(0, create.ExitCode);
        Assert.False(File.Exists(Path.Combine(hidden, "new")));
        var deny = Assert.Single(create.Syscalls, e => e.GetProperty("action").GetString() == "deny");
        Assert.Equal("mount", deny.GetProperty("layer").GetString());
        Assert.Equal($"{hidden}/new is not visible in the sandbox (not in allow_read/allow_write)", deny.GetProperty("rule").GetString());
    }

    [Fact]
    public void The_program_sees_only_the_policy_and_writes_only_where_allowed()
    {
        string work = SandtraceRunner.TempDir();
        var r = SandtraceRunner.Run(["--policy", Strict, "--allow-path", work], ["/usr/bin/python3", "-c",
            "import os\nprint(sorted(os.listdir('/')))\nopen('out.txt','w').write('ok')\nprint(open('out.txt').read())\n" +
            "try:\n open('/usr/x','w')\nexcept OSError as e: print('usr', e.errno)\nprint(os.getcwd())"], workingDirectory: work);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'tmp', 'usr']", lines[0]);   // tmp: the work dir's parent
        Assert.Equal("ok", lines[1]);
        Assert.Equal("usr 30", lines[2]);                                                       // EROFS
        Assert.Equal(work, lines[3]);
        Assert.Equal("ok", File.ReadAllText(Path.Combine(work, "out.txt")));
        Assert.Contains(r.Summary.GetProperty("files_written").EnumerateArray(), f => f.GetString() == "out.txt");
    }

    [Fact]
    public void The_program_runs_as_the_user_with_identity_id_maps()
    {
        // Layer 1's promise: ids are mapped to themselves (root: every id; anyone else: only their own), so files
        // keep their owners and the program sees who it runs as. The maps are written by sandtrace before the release.
        uint uid = Sandtrace.Native.Libc.GetEuid(), gid = Sandtrace.Native.Libc.GetEgid();
        var r = SandtraceRunner.Run(["--allow-exec"], ["/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g"], jsonl: false);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        string Map(uint id) => id == 0 ? "0 0 4294967295" : $"{id} {id} 1";
        Assert.Equal(Map(uid), string.Join(' ', lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(Map(gid), string.Join(' ', lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(uid.ToString(), lines[2]);
        Assert.Equal(gid.ToString(), lines[3]);
    }

    [Fact]
    public void A_host_daemons_unix_socket_in_a_read_only_path_cannot_be_reached()
    {
        string dir = SandtraceRunner.TempDir();
        string socketPath = Path.Combine(dir, "daemon.sock");
        using var daemon = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        daemon.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        daemon.Listen();
        string policy = Path.Combine(SandtraceRunner.TempDir(), "p.toml");
        File.WriteAllText(policy, $"[filesystem]\nallow_read = [\"/usr\", \"/lib\", \"/lib64\", \"/bin\", \"{dir}\"]\n");
        var r = SandtraceRunner.Trace(["--policy", policy], "/usr/bin/python3", "-c",
            $"import socket\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect('{socketPath}'); print('CONNECTED')\nexcept OSError as e: print('blocked', e.errno)");
        Assert.Equal("blocked 13\n", r.Stdout);
        Assert.Contains(r.Syscalls, e => e.GetProperty("syscall").GetString() == "connect" && e.GetProperty("action").GetString() == "deny"
            && e.GetProperty("rule").GetString()!.Contains("outside allow_write"));
    }

    [Fact]
    public void A_file_inside_a_masked_secret_directory_is_reported_as_denied()
    {
        string home = SandtraceRunner.TempDir();
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        File.WriteAllText(Path.Combine(home, ".ssh", "id_rsa"), "SECRET-SSH-KEY");
        string policy = Path.Combine(SandtraceRunner.TempDir(), "p.toml");
        File.WriteAllText(policy, $"[filesystem]\nallow_read = [\"/usr\", \"/lib\", \"/lib64\", \"/bin\", \"{home}\"]\n");
        var r = SandtraceRunner.Run(["--policy", policy], ["/usr/bin/python3", "-c",
            $"try:\n print(open('{home}/.ssh/id_rsa').read())\nexcept OSError as e: print('blocked', e.errno)"],
            env: new Dictionary<string, string?> { ["HOME"] = home });
        Assert.Equal("blocked 13\n", r.Stdout);
        Assert.Contains(r.Syscalls, e => e.GetProperty("action").GetString() == "deny" && e.GetProperty("layer").GetString() == "deny"
            && e.GetProperty("args").GetProperty("decoded").GetProperty("path").GetString() == $"{home}/.ssh/id_rsa");
    }

    [Fact]
    public void No_landlock_refuses_to_run_unless_best_effort()
    {
        var env = new Dictionary<string, string?> { ["SANDTRACE_LANDLOCK_ABI"] = "0" };
        var refused = SandtraceRunner.Run([], ["/bin/true"], jsonl: false, env: env);
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("Landlock (layer 6) is not available", refused.Stderr);
        Assert.Contains("--best-effort", refused.Stderr);
        var allowed = SandtraceRunner.Run(["--best-effort", "-v"], ["/bin/true"], jsonl: false, env: env);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("NOT enforced: Landlock", allowed.Stderr);
        Assert.Contains("layer 7 seccomp-bpf        active", allowed.Stderr);
    }

    [Fact]
    public void Trace_only_shows_the_host_filesystem_and_applies_no_landlock_or_seccomp()
    {
        var r = SandtraceRunner.Run(["--trace-only", "-v"], ["/bin/ls", "/"], jsonl: false);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("root", r.Stdout.Split('\n'));
        Assert.Contains("NOT enforced: Landlock (skipped: --trace-only), seccomp-bpf (skipped: --trace-only)", r.Stderr);
    }
}
