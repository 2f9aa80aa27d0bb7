using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sandtrace.Tests.Tracing.Decoding;

/// <summary>Builds struct sockaddr_* bytes as a tracee would pass them.</summary>
internal static class Sockaddrs
{
    public static byte[] In(string ip, ushort port)
    {
        var sa = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, 2);            // AF_INET
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), port);
        IPAddress.Parse(ip).GetAddressBytes().CopyTo(sa, 4);
        return sa;
    }

    public static byte[] In6(string ip, ushort port, uint scopeId = 0)
    {
        var sa = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, 10);           // AF_INET6
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), port);
        IPAddress.Parse(ip).GetAddressBytes().CopyTo(sa, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(24), scopeId);
        return sa;
    }

    /// <summary>sockaddr_un as addrlen covers it: family, path, and the NUL for filesystem paths.</summary>
    public static byte[] Unix(string path, bool isAbstract = false)
    {
        byte[] name = Encoding.UTF8.GetBytes(path);
        var sa = new byte[2 + (isAbstract ? 1 : 0) + name.Length + (isAbstract ? 0 : 1)];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, 1);            // AF_UNIX
        name.CopyTo(sa, isAbstract ? 3 : 2);
        return sa;
    }

    public static byte[] Netlink(uint pid, uint groups)
    {
        var sa = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(sa, 16);           // AF_NETLINK
        BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(4), pid);
        BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(8), groups);
        return sa;
    }

    public static byte[] Int32(int value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        return b;
    }
}
