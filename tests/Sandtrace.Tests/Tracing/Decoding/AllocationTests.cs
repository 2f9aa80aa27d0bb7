using System.Buffers.Binary;
using Sandtrace.Tracing;
using Xunit;
using static Sandtrace.Tests.Tracing.Decoding.DecodeHarness;

namespace Sandtrace.Tests.Tracing.Decoding;

public class AllocationTests
{
    const int Iterations = 10_000;

    [Fact]
    public void Decoding_openat_does_not_allocate()
    {
        var mem = new FakeTraceeMemory();
        var into = new DecodedArgs();
        var decoder = new ArgumentDecoder();
        ulong[] args = [S(-100), mem.PutString("/etc/passwd"), 0x80000, 0, 0, 0];

        decoder.Decode(ArgumentDecoder.AuditArchX86_64, X64Syscall.openat, args, 3, true, Pid, mem, into);   // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            into.Reset();
            decoder.Decode(ArgumentDecoder.AuditArchX86_64, X64Syscall.openat, args, 3, true, Pid, mem, into);
        }
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(3, into.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Decoding_struct_and_flag_heavy_calls_does_not_allocate()
    {
        var mem = new FakeTraceeMemory();
        var into = new DecodedArgs();
        var decoder = new ArgumentDecoder();
        ulong in6 = mem.Put(Sockaddrs.In6("2001:db8::1", 443, 3));
        ulong un = mem.Put(Sockaddrs.Unix("ns", isAbstract: true));
        var cloneArgs = new byte[88];
        BinaryPrimitives.WriteUInt64LittleEndian(cloneArgs, 0x20001000);
        BinaryPrimitives.WriteUInt64LittleEndian(cloneArgs.AsSpan(32), 17);
        ulong clone3 = mem.Put(cloneArgs);
        var set = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(set, (1UL << 33) | 2);   // SIGRTMIN, SIGINT
        ulong sigset = mem.Put(set);
        ulong a = mem.PutString("/a"), b = mem.PutString("/b");
        (long Nr, ulong[] Args, long Ret)[] calls =
        [
            (X64Syscall.connect, [3, in6, 28, 0, 0, 0], 0),
            (X64Syscall.bind, [3, un, 5, 0, 0, 0], 0),
            (X64Syscall.clone, [0x3d0f00, 0, 0, 0, 0, 0], 100),
            (X64Syscall.clone3, [clone3, 88, 0, 0, 0, 0], 100),
            (X64Syscall.mmap, [0, 4096, 3, 0x54040022, S(-1), 0], 0x7f0000000000),
            (X64Syscall.renameat2, [S(-100), a, S(-100), b, 1, 0], 0),
            (X64Syscall.rt_sigprocmask, [0, sigset, 0, 8, 0, 0], 0),
            (X64Syscall.ioctl, [1, 0xdeadbeef, 0, 0, 0, 0], -25),
            (X64Syscall.socket, [10, 0x80802, 17, 0, 0, 0], 3),
        ];

        foreach (var (nr, args, ret) in calls)   // warm-up: static tables, cached real-time signal names
        {
            into.Reset();
            decoder.Decode(ArgumentDecoder.AuditArchX86_64, nr, args, ret, true, Pid, mem, into);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            foreach (var (nr, args, ret) in calls)
            {
                into.Reset();
                decoder.Decode(ArgumentDecoder.AuditArchX86_64, nr, args, ret, true, Pid, mem, into);
            }
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
