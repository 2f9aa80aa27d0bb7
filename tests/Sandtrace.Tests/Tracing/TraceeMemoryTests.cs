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
}
