using System.Buffers.Binary;

namespace Sandtrace.Tracing;

/// <summary>
/// Reads a struct sockaddr from the tracee and adds it as entries: "family" (AF_*) and then, by family,
/// "addr" ("1.2.3.4:80", "[::1]:443", "[fe80::1%2]:22"), "path" (AF_UNIX; abstract names as "@name"), or
/// "pid"/"groups" (AF_NETLINK). Other families get the family only. Unreadable addresses are shown as the
/// pointer in "addr".
/// </summary>
internal static class SockaddrDecoder
{
    const int MaxSockaddr = 128;      // sizeof(struct sockaddr_storage); the kernel never copies more
    const int SinSize = 8;            // family, port, in_addr: enough for sockaddr_in
    const int Sin6Size = 24;          // ... up to sin6_addr; sin6_scope_id follows at 24
    const int NetlinkSize = 12;       // family, pad, nl_pid, nl_groups

    public static void Add(in DecodeContext c, ulong addr, long addrlen)
    {
        int len = (int)Math.Clamp(addrlen, 0, MaxSockaddr);
        Span<byte> buf = stackalloc byte[MaxSockaddr];
        int n = len < 2 ? -1 : c.Mem.Read(c.Pid, addr, buf[..len]);
        if (n < 2)
        {
            c.AddPointer("addr", addr);
            return;
        }
        ReadOnlySpan<byte> sa = buf[..Math.Min(n, len)];
        uint family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        c.AddEnum("family", SocketConstants.AddressFamilies, family);
        switch (family)
        {
            case SocketConstants.AF_INET when sa.Length >= SinSize:
            {
                DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("addr");
                InetFormat.AppendIPv4(w, sa[4..8]);
                AppendPort(w, sa);
                w.End();
                break;
            }
            case SocketConstants.AF_INET6 when sa.Length >= Sin6Size:
            {
                DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("addr");
                w.Append('[');
                InetFormat.AppendIPv6(w, sa[8..24]);
                if (sa.Length >= Sin6Size + 4 && BinaryPrimitives.ReadUInt32LittleEndian(sa[24..]) is var scope and not 0)
                {
                    w.Append('%');
                    w.AppendNumber(scope);
                }
                w.Append(']');
                AppendPort(w, sa);
                w.End();
                break;
            }
            case SocketConstants.AF_UNIX:
                AddUnixPath(c, sa[2..]);
                break;
            case SocketConstants.AF_NETLINK when sa.Length >= NetlinkSize:
                c.Into.AddNumber("pid", BinaryPrimitives.ReadUInt32LittleEndian(sa[4..]));
                c.AddHex("groups", BinaryPrimitives.ReadUInt32LittleEndian(sa[8..]));
                break;
        }
    }

    /// <summary>A sockaddr the kernel wrote at exit (accept, getsockname, recvfrom): its length is the value-result
    /// int at <paramref name="lenPtr"/>.</summary>
    public static void AddFromResult(in DecodeContext c, ulong addr, ulong lenPtr)
    {
        if (addr == 0 || lenPtr == 0) return;
        if (c.ReadInt32(lenPtr, out int len)) Add(c, addr, len);
        else c.AddPointer("addr", addr);
    }

    /// <summary>Port in network byte order right after the family (sin_port, sin6_port).</summary>
    static void AppendPort(DecodedArgs.SymbolWriter w, ReadOnlySpan<byte> sa)
    {
        w.Append(':');
        w.AppendNumber(BinaryPrimitives.ReadUInt16BigEndian(sa[2..]));
    }

    /// <summary>sun_path: a filesystem path ends at its NUL; an abstract name (leading NUL) is every byte up to
    /// addrlen and is shown with '@' in place of the NUL, as ss(8) and strace do. addrlen 2 is an unnamed socket.</summary>
    static void AddUnixPath(in DecodeContext c, ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty) return;
        Span<byte> space = c.Into.StringSpace();
        int length;
        if (path[0] == 0)
        {
            space[0] = (byte)'@';
            path[1..].CopyTo(space[1..]);
            length = path.Length;
        }
        else
        {
            int end = path.IndexOf((byte)0);
            length = end < 0 ? path.Length : end;
            path[..length].CopyTo(space);
        }
        c.Into.CommitString("path", length, false);
    }
}
