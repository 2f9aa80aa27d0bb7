using System.Net;
using System.Net.Sockets;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Xunit;
using static Sandtrace.Native.LandlockSys;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// Layer 6 built for real on this machine (Landlock ABI 7). Enforcement is checked in a python child that takes
/// the ruleset fd out of this process (pidfd_getfd) and restricts only itself.
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class LandlockTests : IDisposable
{
    readonly string _root, _ro, _rw, _outside;

    public LandlockTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "sandtrace-landlock-" + Guid.NewGuid().ToString("N")[..12]);
        _ro = Path.Combine(_root, "ro");
        _rw = Path.Combine(_root, "rw");
        _outside = Path.Combine(_root, "outside");
        foreach (var d in new[] { _ro, _rw, Path.Combine(_rw, "d1"), Path.Combine(_rw, "d2"), _outside }) Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(_ro, "a.txt"), "a");
        File.WriteAllText(Path.Combine(_rw, "d1", "f"), "f");
        File.WriteAllText(Path.Combine(_outside, "b.txt"), "b");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    LandlockRules Rules(string[]? exec = null, bool executeAnything = false, bool network = false,
        IReadOnlyList<ushort>? connect = null, bool scopeSignals = true) =>
        new(ReadPaths: [_ro, "/usr"], WritePaths: [_rw], ExecPaths: exec ?? ["/usr/lib"], ExecuteAnything: executeAnything,
            Devices: ["/dev/null"], NetworkAllowed: network, TcpConnectPorts: connect, ScopeSignals: scopeSignals);

    [Fact]
    public void Abi_is_7_or_newer_on_this_machine()
    {
        // This machine is specified to have Landlock ABI 7: no Landlock here is a failure, not a skip.
        Assert.True(Landlock.Abi() >= 7, $"Landlock ABI {Landlock.Abi()}; expected 7 (0 = not available)");
    }

    [Fact]
    public unsafe void Structs_have_the_kernel_layout()
    {
        Assert.Equal(12, sizeof(LandlockPathBeneathAttr));   // packed
        Assert.Equal(24, sizeof(LandlockRulesetAttr));
        Assert.Equal(16, sizeof(LandlockNetPortAttr));
        var a = new LandlockPathBeneathAttr { AllowedAccess = 0x1122334455667788, ParentFd = 0x0a0b0c0d };
        Assert.Equal(0x0a0b0c0d, *(int*)((byte*)&a + 8));
    }

    [Fact]
    public void Rights_per_abi_follow_the_uapi_header()
    {
        Assert.Equal(0x1fffUL, FsRights(1));
        Assert.Equal(0x3fffUL, FsRights(2));
        Assert.Equal(0x7fffUL, FsRights(3));
        Assert.Equal(0x7fffUL, FsRights(4));
        Assert.Equal(0xffffUL, FsRights(7));
        Assert.Equal(0UL, NetRights(3));
        Assert.Equal(3UL, NetRights(4));
        Assert.Equal(0UL, Scopes(5));
        Assert.Equal(3UL, Scopes(6));
    }

    [Fact]
    public void Build_adds_dirs_and_files_and_reports_missing_paths()
    {
        string missingDir = Path.Combine(_root, "no-such-dir"), missingFile = Path.Combine(_ro, "no-such-file");
        var rules = new LandlockRules([_ro, Path.Combine(_ro, "a.txt"), missingDir, "/etc/hostname"], [_rw, missingFile],
            ["/usr/bin/true", "/usr/lib"], false, ["/dev/null", "/dev/zero"], false);
        using var r = Landlock.Build(rules);
        Assert.Equal(2, r.Warnings.Count);
        Assert.Contains(r.Warnings, w => w.Contains(missingDir));
        Assert.Contains(r.Warnings, w => w.Contains(missingFile));
        Assert.Equal(8, r.PathRules);
        Assert.True(r.Fd > 2);
        Assert.Equal(PathFd.FD_CLOEXEC, RawSyscall.Call(Sys.fcntl, r.Fd, PathFd.F_GETFD) & PathFd.FD_CLOEXEC);
        Assert.Equal(FsRights(Landlock.Abi()), r.HandledFs);
        Assert.Equal(ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP, r.HandledNet);   // no network: TCP handled, no rule
        Assert.Equal(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL, r.Scoped);
    }

    [Fact]
    public void File_rules_are_masked_to_file_rights()
    {
        // A write path, a device and an exec path that are files would carry directory rights: EINVAL unless masked.
        string file = Path.Combine(_rw, "d1", "f");
        var rules = new LandlockRules([file], [file, "/dev/full"], ["/usr/bin/env"], true, ["/dev/null"], true);
        using var r = Landlock.Build(rules);
        Assert.Empty(r.Warnings);
        Assert.Equal(4, r.PathRules);
    }

    [Fact]
    public void Network_policy_sets_the_handled_tcp_rights()
    {
        using (var open = Landlock.Build(Rules(network: true)))
        {
            Assert.Equal(0UL, open.HandledNet);
            Assert.Contains("TCP not restricted", open.Describe());
        }
        using (var some = Landlock.Build(Rules(network: true, connect: [443, 80, 443])))
        {
            Assert.Equal(ACCESS_NET_CONNECT_TCP, some.HandledNet);
            Assert.Contains("TCP connect ports 443,80, bind any port", some.Describe());
        }
        using var none = Landlock.Build(Rules());
        Assert.Contains("TCP denied", none.Describe());
    }

    [Fact]
    public void Relative_paths_are_refused()
    {
        var e = Assert.Throws<SandboxError>(() => Landlock.Build(new LandlockRules(["usr"], [], [], false, [], false)));
        Assert.Equal(125, e.ExitCode);
        Assert.StartsWith("Landlock (layer 6):", e.Message);
    }

    [Fact]
    public void Status_describes_the_layer()
    {
        using var r = Landlock.Build(Rules());
        var s = Landlock.Status(r);
        Assert.Equal((6, "Landlock", true), (s.Number, s.Name, s.Active));
        Assert.StartsWith($"ABI {r.Abi}: 16 filesystem rights handled, 5 path rules;", s.Detail);
        Assert.EndsWith("TCP denied; abstract UNIX sockets and signals scoped to the sandbox", s.Detail);
        r.Dispose();
        Assert.Throws<ObjectDisposedException>(() => r.Fd);
    }

    [Fact]
    public void Enforced_ruleset_allows_exactly_the_rules()
    {
        string a = Path.Combine(_ro, "a.txt"), b = Path.Combine(_outside, "b.txt");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var r = Landlock.Build(Rules());
        var res = LandlockProbe.RunRestrictedBy(r.Fd,
            $"read:{a}", $"read:{b}", $"list:{_ro}", $"list:{_outside}",
            $"write:{_rw}/new.txt", $"write:{a}", $"write:{_ro}/new.txt", $"unlink:{_rw}/new.txt",
            $"rename:{_rw}/d1/f>{_rw}/d2/f", "trunc:/dev/null", "exec:/bin/true", $"connect:{port}",
            $"kill:{Environment.ProcessId}");
        Assert.Equal("ok", res[$"read:{a}"]);
        Assert.Equal("EACCES", res[$"read:{b}"]);
        Assert.Equal("ok", res[$"list:{_ro}"]);
        Assert.Equal("EACCES", res[$"list:{_outside}"]);
        Assert.Equal("ok", res[$"write:{_rw}/new.txt"]);
        Assert.Equal("EACCES", res[$"write:{a}"]);
        Assert.Equal("EACCES", res[$"write:{_ro}/new.txt"]);
        Assert.Equal("ok", res[$"unlink:{_rw}/new.txt"]);
        Assert.Equal("ok", res[$"rename:{_rw}/d1/f>{_rw}/d2/f"]);   // REFER within the write area
        Assert.Equal("ok", res["trunc:/dev/null"]);                      // ">/dev/null" needs TRUNCATE
        Assert.Equal("EACCES", res["exec:/bin/true"]);                   // /usr/bin is only readable
        Assert.Equal("EACCES", res[$"connect:{port}"]);                  // network not allowed
        Assert.Equal("EPERM", res[$"kill:{Environment.ProcessId}"]);     // signals scoped to the domain
    }

    [Fact]
    public void Exec_paths_allow_execution()
    {
        using var dir = Landlock.Build(Rules(exec: ["/usr/bin", "/usr/lib"]));
        Assert.Equal("ok", LandlockProbe.RunRestrictedBy(dir.Fd, "exec:/bin/true")["exec:/bin/true"]);

        // A file rule: only that program (the ELF interpreter under /usr/lib needs EXECUTE too).
        using var file = Landlock.Build(Rules(exec: ["/usr/bin/true", "/usr/lib"]));
        var res = LandlockProbe.RunRestrictedBy(file.Fd, "exec:/bin/true", "exec:/bin/false");
        Assert.Equal("ok", res["exec:/bin/true"]);
        Assert.Equal("EACCES", res["exec:/bin/false"]);
    }

    [Fact]
    public void Execute_anything_makes_readable_paths_executable()
    {
        using var r = Landlock.Build(Rules(exec: [], executeAnything: true));
        var res = LandlockProbe.RunRestrictedBy(r.Fd, "exec:/bin/true", $"read:{_outside}/b.txt");
        Assert.Equal("ok", res["exec:/bin/true"]);
        Assert.Equal("EACCES", res[$"read:{_outside}/b.txt"]);
    }

    [Fact]
    public void Allowed_network_with_a_port_list_allows_only_those_ports()
    {
        using var l1 = new TcpListener(IPAddress.Loopback, 0);
        using var l2 = new TcpListener(IPAddress.Loopback, 0);
        l1.Start();
        l2.Start();
        ushort p1 = (ushort)((IPEndPoint)l1.LocalEndpoint).Port, p2 = (ushort)((IPEndPoint)l2.LocalEndpoint).Port;
        using var listed = Landlock.Build(Rules(network: true, connect: [p1]));
        var res = LandlockProbe.RunRestrictedBy(listed.Fd, $"connect:{p1}", $"connect:{p2}");
        Assert.Equal("ok", res[$"connect:{p1}"]);
        Assert.Equal("EACCES", res[$"connect:{p2}"]);

        using var open = Landlock.Build(Rules(network: true, scopeSignals: false));
        res = LandlockProbe.RunRestrictedBy(open.Fd, $"connect:{p2}", $"kill:{Environment.ProcessId}");
        Assert.Equal("ok", res[$"connect:{p2}"]);
        Assert.Equal("ok", res[$"kill:{Environment.ProcessId}"]);
    }
}
