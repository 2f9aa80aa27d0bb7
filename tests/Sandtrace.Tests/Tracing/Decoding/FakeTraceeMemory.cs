using System.Text;
using Sandtrace.Tracing;

namespace Sandtrace.Tests.Tracing.Decoding;

/// <summary>Tracee memory made of separate mapped regions (address → bytes); everything else is unmapped.
/// Reads stop at the end of a region, like process_vm_readv at an unmapped page. Allocation-free reads so
/// it can sit under the allocation tests.</summary>
internal sealed class FakeTraceeMemory : ITraceeMemory
{
    readonly List<(ulong Start, byte[] Bytes)> _regions = [];
    ulong _next = 0x7ffd_1000_0000;

    /// <summary>Maps <paramref name="bytes"/> at a fresh address (regions are kept apart by unmapped gaps).</summary>
    public ulong Put(byte[] bytes)
    {
        ulong addr = _next;
        _regions.Add((addr, bytes));
        _next += ((ulong)bytes.Length + 0x1fff) & ~0xfffUL;
        return addr;
    }

    /// <summary>Maps a NUL-terminated UTF-8 string.</summary>
    public ulong PutString(string s)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return Put(bytes);
    }

    public int Read(int pid, ulong addr, Span<byte> dst)
    {
        for (int i = 0; i < _regions.Count; i++)
        {
            (ulong start, byte[] bytes) = _regions[i];
            if (addr < start || addr >= start + (ulong)bytes.Length) continue;
            int offset = (int)(addr - start);
            int n = Math.Min(dst.Length, bytes.Length - offset);
            bytes.AsSpan(offset, n).CopyTo(dst);
            return n;
        }
        return -1;
    }

    public int ReadCString(int pid, ulong addr, Span<byte> dst, out bool truncated)
    {
        truncated = false;
        int n = Read(pid, addr, dst);
        if (n < 0) return -1;
        int nul = dst[..n].IndexOf((byte)0);
        if (nul >= 0) return nul;
        truncated = true;   // longer than dst, or it ran into unmapped memory
        return n;
    }
}
