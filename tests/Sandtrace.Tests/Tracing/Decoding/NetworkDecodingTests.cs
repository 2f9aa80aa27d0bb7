using System.Buffers.Binary;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing.Decoding;

public class NetworkDecodingTests
{
    readonly DecodeHarness _h = new();

    [Theory]
    [InlineData(new[] { "2", "0x80001", "0" }, "domain=AF_INET type=SOCK_STREAM|SOCK_CLOEXEC protocol=0")]
    [InlineData(new[] { "10", "0x802", "17" }, "domain=AF_INET6 type=SOCK_DGRAM|SOCK_NONBLOCK protocol=17")]
    [InlineData(new[] { "1", "5", "0" }, "domain=AF_UNIX type=SOCK_SEQPACKET protocol=0")]
    [InlineData(new[] { "16", "0x80003", "0" }, "domain=AF_NETLINK type=SOCK_RAW|SOCK_CLOEXEC protocol=0")]
    [InlineData(new[] { "99", "0x10000001", "0" }, "domain=99 type=SOCK_STREAM|0x10000000 protocol=0")]
    public void Decodes_socket(string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(X64Syscall.socket, _h.Registers(args)));
    }

    [Theory]
    [InlineData("127.0.0.1", 8080, "127.0.0.1:8080")]
    [InlineData("0.0.0.0", 0, "0.0.0.0:0")]
    [InlineData("255.255.255.255", 65535, "255.255.255.255:65535")]
    public void Connect_decodes_sockaddr_in(string ip, int port, string expected)
    {
        byte[] sa = Sockaddrs.In(ip, (ushort)port);
        Assert.Equal($"fd=3 family=AF_INET addr={expected} addrlen=16", _h.Call(X64Syscall.connect, 3, _h.Memory.Put(sa), 16));
        Assert.Equal(ArgKind.Symbol, _h.Entry("addr").Kind);
        Assert.Equal(ArgKind.Symbol, _h.Entry("family").Kind);
    }

    [Theory]
    [InlineData("::1", 443, 0u, "[::1]:443")]
    [InlineData("::", 80, 0u, "[::]:80")]
    [InlineData("2001:db8::1", 53, 0u, "[2001:db8::1]:53")]
    [InlineData("2001:db8:0:1:1:1:1:1", 1, 0u, "[2001:db8:0:1:1:1:1:1]:1")]      // a lone zero group is not compressed
    [InlineData("2001:0:0:1:0:0:0:1", 1, 0u, "[2001:0:0:1::1]:1")]              // the longer zero run wins
    [InlineData("2001:db8:0:0:1:0:0:1", 1, 0u, "[2001:db8::1:0:0:1]:1")]        // first run wins a tie
    [InlineData("1::", 1, 0u, "[1::]:1")]
    [InlineData("::ffff:192.0.2.1", 80, 0u, "[::ffff:192.0.2.1]:80")]           // v4-mapped
    [InlineData("fe80::abcd:ef01", 22, 2u, "[fe80::abcd:ef01%2]:22")]
    public void Connect_decodes_sockaddr_in6(string ip, int port, uint scope, string expected)
    {
        byte[] sa = Sockaddrs.In6(ip, (ushort)port, scope);
        Assert.Equal($"fd=4 family=AF_INET6 addr={expected} addrlen=28", _h.Call(X64Syscall.connect, 4, _h.Memory.Put(sa), 28));
    }

    [Fact]
    public void Connect_decodes_unix_path_and_abstract_name()
    {
        byte[] path = Sockaddrs.Unix("/run/dbus/system_bus_socket");
        Assert.Equal($"fd=5 family=AF_UNIX path=\"/run/dbus/system_bus_socket\" addrlen={path.Length}",
            _h.Call(X64Syscall.connect, 5, _h.Memory.Put(path), (ulong)path.Length));
        Assert.Equal(ArgKind.String, _h.Entry("path").Kind);

        byte[] abs = Sockaddrs.Unix("/tmp/.X11-unix/X0", isAbstract: true);
        Assert.Equal($"fd=5 family=AF_UNIX path=\"@/tmp/.X11-unix/X0\" addrlen={abs.Length}",
            _h.Call(X64Syscall.connect, 5, _h.Memory.Put(abs), (ulong)abs.Length));

        // A sun_path buffer passed whole (sizeof(struct sockaddr_un)) stops at the path's NUL.
        var padded = new byte[110];
        path.CopyTo(padded, 0);
        Assert.Equal("fd=5 family=AF_UNIX path=\"/run/dbus/system_bus_socket\" addrlen=110",
            _h.Call(X64Syscall.connect, 5, _h.Memory.Put(padded), 110));
    }

    [Fact]
    public void Bind_decodes_netlink_and_other_families()
    {
        Assert.Equal("fd=3 family=AF_NETLINK pid=0 groups=0x11 addrlen=12",
            _h.Call(X64Syscall.bind, 3, _h.Memory.Put(Sockaddrs.Netlink(0, 0x11)), 12));

        var packet = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(packet, 17);   // AF_PACKET
        Assert.Equal("fd=3 family=AF_PACKET addrlen=20", _h.Call(X64Syscall.bind, 3, _h.Memory.Put(packet), 20));
    }

    [Fact]
    public void Unreadable_or_tiny_sockaddr_shows_the_pointer()
    {
        Assert.Equal("fd=3 addr=0x1234000 addrlen=16", _h.Call(X64Syscall.connect, 3, 0x1234000, 16));
        Assert.Equal("fd=3 addr=NULL addrlen=0", _h.Call(X64Syscall.connect, 3, 0, 0));
        // Shorter than sockaddr_in: the family is known but there is no address to show.
        ulong sa = _h.Memory.Put(Sockaddrs.In("10.0.0.1", 1));
        Assert.Equal("fd=3 family=AF_INET addrlen=4", _h.Call(X64Syscall.connect, 3, sa, 4));
    }

    [Fact]
    public void Accept_shows_the_peer_only_after_success()
    {
        ulong peer = _h.Memory.Put(Sockaddrs.In("192.168.1.20", 51000));
        ulong len = _h.Memory.Put(Sockaddrs.Int32(16));
        Assert.Equal("fd=3 family=AF_INET addr=192.168.1.20:51000 flags=SOCK_CLOEXEC",
            _h.Exit(X64Syscall.accept4, 7, 3, peer, len, 0x80000));
        Assert.Equal("fd=3 flags=SOCK_CLOEXEC", _h.Exit(X64Syscall.accept4, -11, 3, peer, len, 0x80000));
        Assert.Equal("fd=3", _h.Exit(X64Syscall.accept, 7, 3, 0, 0));
        Assert.Equal("fd=3", _h.NoReturn(X64Syscall.accept, 3, peer, len));
    }

    [Fact]
    public void Getsockname_and_recvfrom_read_the_result_address()
    {
        ulong local = _h.Memory.Put(Sockaddrs.In6("::1", 8443));
        ulong len = _h.Memory.Put(Sockaddrs.Int32(28));
        Assert.Equal("fd=6 family=AF_INET6 addr=[::1]:8443", _h.Exit(X64Syscall.getsockname, 0, 6, local, len));

        ulong from = _h.Memory.Put(Sockaddrs.In("8.8.8.8", 53));
        ulong fromLen = _h.Memory.Put(Sockaddrs.Int32(16));
        Assert.Equal("fd=6 len=512 flags=0 family=AF_INET addr=8.8.8.8:53",
            _h.Exit(X64Syscall.recvfrom, 40, 6, 0x1000, 512, 0, from, fromLen));
    }

    [Fact]
    public void Sendto_and_sendmsg_show_the_destination()
    {
        ulong dest = _h.Memory.Put(Sockaddrs.In("10.1.2.3", 9999));
        Assert.Equal("fd=6 len=5 flags=MSG_DONTWAIT|MSG_NOSIGNAL family=AF_INET addr=10.1.2.3:9999 addrlen=16",
            _h.Exit(X64Syscall.sendto, 5, 6, 0x1000, 5, 0x4040, dest, 16));
        Assert.Equal("fd=6 len=5 flags=0", _h.Exit(X64Syscall.sendto, 5, 6, 0x1000, 5, 0, 0, 0));

        var msg = new byte[56];
        BinaryPrimitives.WriteUInt64LittleEndian(msg, dest);
        BinaryPrimitives.WriteInt32LittleEndian(msg.AsSpan(8), 16);
        Assert.Equal("fd=6 flags=MSG_NOSIGNAL family=AF_INET addr=10.1.2.3:9999",
            _h.Exit(X64Syscall.sendmsg, 5, 6, _h.Memory.Put(msg), 0x4000));
        Assert.Equal("fd=6 flags=0 msg=0x9990000", _h.Exit(X64Syscall.sendmsg, 5, 6, 0x9990000, 0));
    }

    [Theory]
    [InlineData(new[] { "3", "1", "2", "0", "4" }, "fd=3 level=SOL_SOCKET optname=SO_REUSEADDR optlen=4")]
    [InlineData(new[] { "3", "6", "1", "0", "4" }, "fd=3 level=SOL_TCP optname=TCP_NODELAY optlen=4")]
    [InlineData(new[] { "3", "41", "26", "0", "4" }, "fd=3 level=SOL_IPV6 optname=IPV6_V6ONLY optlen=4")]
    [InlineData(new[] { "3", "0", "1", "0", "4" }, "fd=3 level=SOL_IP optname=IP_TOS optlen=4")]
    [InlineData(new[] { "3", "270", "1", "0", "4" }, "fd=3 level=SOL_NETLINK optname=1 optlen=4")]
    public void Setsockopt_names_level_and_option(string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(X64Syscall.setsockopt, _h.Registers(args)));
    }

    [Fact]
    public void Setsockopt_shows_an_int_value()
    {
        ulong one = _h.Memory.Put(Sockaddrs.Int32(1));
        Assert.Equal("fd=3 level=SOL_SOCKET optname=SO_REUSEADDR optlen=4 optval=1", _h.Call(X64Syscall.setsockopt, 3, 1, 2, one, 4));
        Assert.Equal("fd=3 level=SOL_SOCKET optname=SO_KEEPALIVE", _h.Call(X64Syscall.getsockopt, 3, 1, 9, one, 0x1000));
    }

    [Theory]
    [InlineData(X64Syscall.listen, new[] { "3", "128" }, "fd=3 backlog=128")]
    [InlineData(X64Syscall.shutdown, new[] { "3", "1" }, "fd=3 how=SHUT_WR")]
    [InlineData(X64Syscall.shutdown, new[] { "3", "2" }, "fd=3 how=SHUT_RDWR")]
    [InlineData(X64Syscall.socketpair, new[] { "1", "0x80001", "0", "0x0" }, "domain=AF_UNIX type=SOCK_STREAM|SOCK_CLOEXEC protocol=0")]
    public void Decodes_other_socket_calls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }

    [Fact]
    public void Socketpair_shows_both_fds_after_success()
    {
        var fds = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(fds, 5);
        BinaryPrimitives.WriteInt32LittleEndian(fds.AsSpan(4), 6);
        Assert.Equal("domain=AF_UNIX type=SOCK_DGRAM protocol=0 fd0=5 fd1=6", _h.Call(X64Syscall.socketpair, 1, 2, 0, _h.Memory.Put(fds)));
    }
}
