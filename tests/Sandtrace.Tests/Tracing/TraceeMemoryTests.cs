using System.Runtime.InteropServices;
using System.Text;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>process_vm_readv on this very process stands in for a stopped tracee.</summary>
public unsafe class TraceeMemoryTests
{
    static readonly int Self = Environment.ProcessId;

    static string Read(TraceeMemory m, ulong addr, bool atEntry = false)
    {
        var buf = new byte[DecodedArgs.MaxStringBytes];
        int n = atEntry ? m.ReadCStringAtEntry(Self, addr, buf, out _) : m.ReadCString(Self, addr, buf, out _);
        return n < 0 ? "<unreadable>" : Encoding.UTF8.GetString(buf, 0, n);
    }

    [Fact]
    public void A_path_read_at_entry_is_what_the_exit_sees_until_the_next_call()
    {
        byte* p = (byte*)NativeMemory.AllocZeroed(64);
        byte* q = (byte*)NativeMemory.AllocZeroed(64);
        try
        {
            "/etc/old\0"u8.CopyTo(new Span<byte>(p, 64));
            "/etc/other\0"u8.CopyTo(new Span<byte>(q, 64));
            var m = new TraceeMemory();
            m.ForgetCall(Self);
            Assert.Equal("/etc/old", Read(m, (ulong)p, atEntry: true));
            Assert.Equal("/etc/other", Read(m, (ulong)q, atEntry: true));   // rename(old, new): both remembered
            "/etc/new\0"u8.CopyTo(new Span<byte>(p, 64));                      // changed during the call
            Assert.Equal("/etc/old", Read(m, (ulong)p));                      // the exit shows the entry's path
            Assert.Equal("/etc/other", Read(m, (ulong)q));
            m.ForgetCall(Self);                                               // the next call: read afresh
            Assert.Equal("/etc/new", Read(m, (ulong)p));
            Assert.Equal("<unreadable>", Read(m, 8));                         // unmapped
        }
        finally
        {
            NativeMemory.Free(p);
            NativeMemory.Free(q);
        }
    }

    /// <summary>Strings near a page boundary are read whole: inside one page, across into a mapped next page, longer
    /// than a few hundred bytes, longer than a page.</summary>
    [Theory]
    [InlineData(10, 5)]      // well inside the first page
    [InlineData(4090, 100)]  // crosses into the second page after 6 bytes
    [InlineData(4000, 300)]  // crosses after 96 bytes
    [InlineData(3000, 2000)] // longer than the first read and a page
    public void A_string_crossing_a_page_boundary_is_read_whole(int offset, int length)
    {
        byte* map = Map(3);
        try
        {
            var expected = new string('a', length);
            var span = new Span<byte>(map + offset, length + 1);
            Encoding.ASCII.GetBytes(expected).CopyTo(span);
            span[length] = 0;
            Assert.Equal(expected, Read(new TraceeMemory(), (ulong)(map + offset)));
        }
        finally { munmap(map, 3 * 4096); }
    }

    /// <summary>A string that runs into an unmapped page ends there: its NUL just before it, or none (what is readable).</summary>
    [Theory]
    [InlineData(4000, true)]    // its NUL is the last byte before an unmapped page
    [InlineData(4000, false)]   // no NUL before the unmapped page: what is readable
    [InlineData(3800, false)]   // the same, 296 bytes
    public void A_string_running_into_an_unmapped_page_ends_there(int offset, bool terminated)
    {
        byte* map = Map(2);
        try
        {
            Assert.Equal(0, mprotect(map + 4096, 4096, 0));   // PROT_NONE: unreadable for process_vm_readv too
            int length = 4096 - offset - (terminated ? 1 : 0);
            var span = new Span<byte>(map + offset, 4096 - offset);
            span.Fill((byte)'b');
            if (terminated) span[^1] = 0;
            Assert.Equal(new string('b', length), Read(new TraceeMemory(), (ulong)(map + offset)));
        }
        finally { munmap(map, 2 * 4096); }
    }

    static byte* Map(int pages)
    {
        byte* p = mmap(null, (nuint)(pages * 4096), 3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        Assert.True(p != (byte*)-1);
        return p;
    }

    [DllImport("libc")] static extern byte* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);
    [DllImport("libc")] static extern int mprotect(void* addr, nuint length, int prot);
    [DllImport("libc")] static extern int munmap(void* addr, nuint length);
}
