using System.Buffers.Binary;
using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the socket syscalls: socket/socketpair, connect/bind/accept*, send*/recv*, listen,
/// shutdown, get/setsockopt, getsockname/getpeername, including the socket addresses they carry.</summary>
internal static class NetworkSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case socket:
                c.AddEnum("domain", SocketConstants.AddressFamilies, c.UInt(0));
                AddSocketType(c, c.UInt(1));
                c.AddInt("protocol", 2);
                return true;
            case socketpair:
                c.AddEnum("domain", SocketConstants.AddressFamilies, c.UInt(0));
                AddSocketType(c, c.UInt(1));
                c.AddInt("protocol", 2);
                if (c.HasReturn && c.Ret == 0 && c.ReadInt32(c.Arg(3), out int fd0) && c.ReadInt32(c.Arg(3) + 4, out int fd1))
                {
                    c.Into.AddNumber("fd0", fd0);
                    c.Into.AddNumber("fd1", fd1);
                }
                return true;
            case connect:
            case bind:
                c.AddInt("fd", 0);
                SockaddrDecoder.Add(c, c.Arg(1), c.Int(2));
                c.AddInt("addrlen", 2);
                return true;
            case accept:
                c.AddInt("fd", 0);
                if (c.Succeeded) SockaddrDecoder.AddFromResult(c, c.Arg(1), c.Arg(2));
                return true;
            case accept4:
                c.AddInt("fd", 0);
                if (c.Succeeded) SockaddrDecoder.AddFromResult(c, c.Arg(1), c.Arg(2));
                c.AddFlags("flags", SocketConstants.SocketTypeFlags, c.UInt(3));
                return true;
            case getsockname:
            case getpeername:
                c.AddInt("fd", 0);
                if (c.HasReturn && c.Ret == 0) SockaddrDecoder.AddFromResult(c, c.Arg(1), c.Arg(2));
                return true;
            case sendto:
                c.AddInt("fd", 0);
                c.AddLong("len", 2);
                c.AddFlags("flags", SocketConstants.MsgFlags, c.UInt(3));
                if (c.Arg(4) != 0)
                {
                    SockaddrDecoder.Add(c, c.Arg(4), c.Int(5));
                    c.AddInt("addrlen", 5);
                }
                return true;
            case recvfrom:
                c.AddInt("fd", 0);
                c.AddLong("len", 2);
                c.AddFlags("flags", SocketConstants.MsgFlags, c.UInt(3));
                if (c.Succeeded) SockaddrDecoder.AddFromResult(c, c.Arg(4), c.Arg(5));
                return true;
            case sendmsg:
                c.AddInt("fd", 0);
                c.AddFlags("flags", SocketConstants.MsgFlags, c.UInt(2));
                AddMsgName(c, c.Arg(1));
                return true;
            case recvmsg:
                c.AddInt("fd", 0);
                c.AddFlags("flags", SocketConstants.MsgFlags, c.UInt(2));
                if (c.Succeeded) AddMsgName(c, c.Arg(1));   // msg_name/msg_namelen are results here
                return true;
            case sendmmsg:
            case recvmmsg:
                c.AddInt("fd", 0);
                c.AddUInt("vlen", 2);
                c.AddFlags("flags", SocketConstants.MsgFlags, c.UInt(3));
                return true;
            case listen:
                c.AddInt("fd", 0);
                c.AddInt("backlog", 1);
                return true;
            case shutdown:
                c.AddInt("fd", 0);
                c.AddEnum("how", SocketConstants.ShutdownHow, c.UInt(1));
                return true;
            case setsockopt:
                SockoptTarget(c);
                c.AddInt("optlen", 4);
                // Most options are a single int; show its value when that is what was passed.
                if (c.Int(4) == 4 && c.ReadInt32(c.Arg(3), out int value)) c.Into.AddNumber("optval", value);
                return true;
            case getsockopt:
                SockoptTarget(c);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Socket type: the base type by name, then SOCK_CLOEXEC/SOCK_NONBLOCK.</summary>
    static void AddSocketType(in DecodeContext c, uint type)
    {
        const uint TypeMask = 0xf;   // SOCK_TYPE_MASK
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("type");
        SymbolFormat.AppendEnum(w, SocketConstants.SocketTypes, type & TypeMask);
        SymbolFormat.AppendFlags(w, SocketConstants.SocketTypeFlags, type & ~TypeMask, separate: true);
        w.End();
    }

    /// <summary>(fd, level, optname) with the option named from the table of its level.</summary>
    static void SockoptTarget(in DecodeContext c)
    {
        c.AddInt("fd", 0);
        uint level = c.UInt(1);
        c.AddEnum("level", SocketConstants.SocketLevels, level);
        NamedValue[] options = level switch
        {
            SocketConstants.SOL_SOCKET => SocketConstants.SocketOptions,
            SocketConstants.SOL_TCP => SocketConstants.TcpOptions,
            SocketConstants.SOL_IP => SocketConstants.IpOptions,
            SocketConstants.SOL_IPV6 => SocketConstants.Ipv6Options,
            _ => [],
        };
        c.AddEnum("optname", options, c.UInt(2));
    }

    /// <summary>The address of a struct msghdr { void *msg_name; int msg_namelen; ... }, when it has one.</summary>
    static void AddMsgName(in DecodeContext c, ulong msg)
    {
        Span<byte> head = stackalloc byte[12];
        if (!c.Read(msg, head))
        {
            c.AddPointer("msg", msg);
            return;
        }
        ulong name = BinaryPrimitives.ReadUInt64LittleEndian(head);
        int nameLen = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (name != 0 && nameLen > 0) SockaddrDecoder.Add(c, name, nameLen);
    }
}
