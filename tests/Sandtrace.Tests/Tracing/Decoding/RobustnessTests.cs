using Sandtrace.Tracing;
using Xunit;
using static Sandtrace.Tests.Tracing.Decoding.DecodeHarness;

namespace Sandtrace.Tests.Tracing.Decoding;

public class RobustnessTests
{
    const int MaxSyscall = 512;

    /// <summary>Tracee memory that answers every read with seeded random bytes, sometimes short, sometimes failing,
    /// and reports random string lengths and truncation: the decoder must cope with any of it.</summary>
    sealed class GarbageMemory(int seed) : ITraceeMemory
    {
        readonly Random _rng = new(seed);

        public int Read(int pid, ulong addr, Span<byte> dst)
        {
            int roll = _rng.Next(10);
            if (roll == 0) return -1;
            int n = roll == 1 ? _rng.Next(dst.Length + 1) : dst.Length;
            _rng.NextBytes(dst[..n]);
            return n;
        }

        public int ReadCString(int pid, ulong addr, Span<byte> dst, out bool truncated)
        {
            truncated = _rng.Next(4) == 0;
            if (_rng.Next(10) == 0) return -1;
            int n = _rng.Next(Math.Min(dst.Length, 300) + 1);
            _rng.NextBytes(dst[..n]);
            return n;
        }
    }

    [Fact]
    public void Unreadable_pointers_never_throw()
    {
        var h = new DecodeHarness();   // nothing mapped: every pointer is bad
        ulong[][] argSets =
        [
            [0xdead0000, 0xdead1000, 0xdead2000, 0xdead3000, 0xdead4000, 0xdead5000],
            [0, 0, 0, 0, 0, 0],
            [ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue],
            [S(-100), 0xdead1000, 64, 0xdead3000, 28, 0xdead5000],
        ];
        for (int nr = 0; nr < MaxSyscall; nr++)
        {
            foreach (ulong[] args in argSets)
            {
                h.Exit(nr, 0, args);
                Assert.InRange(h.Args.Count, 0, 12);
                h.Exit(nr, -14, args);
                h.NoReturn(nr, args);
            }
        }
    }

    [Fact]
    public void An_unreadable_path_is_shown_as_the_pointer()
    {
        var h = new DecodeHarness();
        Assert.Equal("dirfd=AT_FDCWD path=0x7ffd0000dead flags=O_RDONLY", h.Call(X64Syscall.openat, S(-100), 0x7ffd0000dead, 0));
        Assert.Equal(ArgKind.Symbol, h.Entry("path").Kind);
        Assert.Equal("oldpath=0xbad1000 newpath=0xbad2000", h.Call(X64Syscall.rename, 0xbad1000, 0xbad2000));
    }

    [Fact]
    public void Garbage_memory_and_arguments_never_throw()
    {
        var rng = new Random(12345);
        var args = new ulong[6];
        var into = new DecodedArgs();
        var decoder = new ArgumentDecoder();
        for (int round = 0; round < 40; round++)
        {
            var mem = new GarbageMemory(round);
            for (int nr = 0; nr < MaxSyscall; nr++)
            {
                for (int i = 0; i < args.Length; i++)
                    args[i] = rng.Next(3) switch { 0 => (ulong)rng.Next(-200, 200), 1 => (ulong)rng.NextInt64(), _ => 0x7ffd00000000 };
                into.Reset();
                decoder.Decode(ArgumentDecoder.AuditArchX86_64, nr, args, rng.Next(-5, 5), rng.Next(2) == 0, Pid, mem, into);
                Assert.InRange(into.Count, 0, 12);
            }
        }
    }

    [Fact]
    public void Fewer_than_six_arguments_read_as_zero()
    {
        var h = new DecodeHarness();
        Assert.Equal("olddirfd=0 oldpath=NULL newdirfd=0 newpath=NULL", h.Call(X64Syscall.renameat));
        Assert.Equal("dirfd=AT_FDCWD path=\"x\" flags=O_RDONLY", h.Call(X64Syscall.openat, S(-100), h.Memory.PutString("x")));
        Assert.Equal("fd=3", h.Call(X64Syscall.close, 3));
    }

    [Fact]
    public void Only_x86_64_is_decoded()
    {
        var h = new DecodeHarness();
        ulong path = h.Memory.PutString("/etc/passwd");
        const uint AuditArchI386 = 0x40000003;
        h.Args.Reset();
        new ArgumentDecoder().Decode(AuditArchI386, 5, [path, 0, 0, 0, 0, 0], 3, true, Pid, h.Memory, h.Args);
        Assert.Equal(0, h.Args.Count);
    }

    [Fact]
    public void Execve_and_execveat_are_left_to_the_tracer()
    {
        var h = new DecodeHarness();
        ulong path = h.Memory.PutString("/bin/true");
        Assert.Equal("", h.NoReturn(X64Syscall.execve, path, 0, 0));
        Assert.Equal("", h.Exit(X64Syscall.execveat, -2, S(-100), path, 0, 0, 0));
    }

    [Fact]
    public void Unknown_syscalls_add_nothing()
    {
        var h = new DecodeHarness();
        Assert.Equal("", h.Call(X64Syscall.getpid));
        Assert.Equal("", h.Call(9999, 1, 2, 3));
        Assert.Equal("", h.Call(-1, 1, 2, 3));
    }

    [Fact]
    public void A_full_buffer_drops_entries_instead_of_throwing()
    {
        var h = new DecodeHarness();
        ulong a = h.Memory.PutString("a"), b = h.Memory.PutString("b");
        h.Args.Reset();
        for (int i = 0; i < 10; i++) h.Args.AddNumber("pre", i);
        new ArgumentDecoder().Decode(ArgumentDecoder.AuditArchX86_64, X64Syscall.renameat2, [S(-100), a, S(-100), b, 1, 0], 0, true, Pid, h.Memory, h.Args);
        Assert.Equal(12, h.Args.Count);
        Assert.Equal("olddirfd", h.Args[10].Name);
        Assert.Equal("oldpath", h.Args[11].Name);
        Assert.Equal("a", h.Text("oldpath"));
    }
}
