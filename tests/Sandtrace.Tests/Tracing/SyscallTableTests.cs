using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

public class SyscallTableTests
{
    const uint X64 = SyscallTable.AuditArchX86_64;
    const uint I386 = SyscallTable.AuditArchI386;
    const long X32 = SyscallTable.X32SyscallBit;

    [Theory]
    [InlineData(0, "read")]
    [InlineData(2, "open")]
    [InlineData(13, "rt_sigaction")]
    [InlineData(56, "clone")]
    [InlineData(59, "execve")]
    [InlineData(134, "uselib")]
    [InlineData(156, "_sysctl")]
    [InlineData(166, "umount2")]
    [InlineData(257, "openat")]
    [InlineData(262, "newfstatat")]
    [InlineData(322, "execveat")]
    [InlineData(335, "uretprobe")]
    [InlineData(336, "uprobe")]
    [InlineData(435, "clone3")]
    [InlineData(437, "openat2")]
    [InlineData(451, "cachestat")]
    [InlineData(452, "fchmodat2")]
    [InlineData(453, "map_shadow_stack")]
    [InlineData(456, "futex_requeue")]
    [InlineData(457, "statmount")]
    [InlineData(461, "lsm_list_modules")]
    [InlineData(462, "mseal")]
    [InlineData(466, "removexattrat")]
    [InlineData(467, "open_tree_attr")]
    [InlineData(469, "file_setattr")]
    public void X64Names(long nr, string name) => Assert.Equal(name, SyscallTable.Name(X64, nr));

    [Theory]
    [InlineData(0, "restart_syscall")]
    [InlineData(5, "open")]
    [InlineData(11, "execve")]
    [InlineData(17, "break")]
    [InlineData(22, "umount")]
    [InlineData(52, "umount2")]
    [InlineData(90, "mmap")]
    [InlineData(102, "socketcall")]
    [InlineData(117, "ipc")]
    [InlineData(140, "_llseek")]
    [InlineData(142, "_newselect")]
    [InlineData(192, "mmap2")]
    [InlineData(300, "fstatat64")]
    [InlineData(359, "socket")]
    [InlineData(403, "clock_gettime64")]
    [InlineData(435, "clone3")]
    [InlineData(453, "map_shadow_stack")]
    [InlineData(462, "mseal")]
    [InlineData(469, "file_setattr")]
    public void I386Names(long nr, string name) => Assert.Equal(name, SyscallTable.Name(I386, nr));

    [Theory]
    [InlineData(0, "read")]
    [InlineData(257, "openat")]
    [InlineData(512, "rt_sigaction")]
    [InlineData(520, "execve")]
    [InlineData(545, "execveat")]
    [InlineData(547, "pwritev2")]
    [InlineData(469, "file_setattr")]
    public void X32NamesCarryTheBit(long nr, string name) => Assert.Equal(name, SyscallTable.Name(X64, X32 | nr));

    [Fact]
    public void EveryX64NumberUpTo600AndSomeX32NumbersGetAName()
    {
        for (long nr = 0; nr <= 600; nr++) Assert.False(string.IsNullOrEmpty(SyscallTable.Name(X64, nr)));
        foreach (long nr in new long[] { 0, 1, 13, 59, 400, 512, 547, 548, 1000 })
            Assert.False(string.IsNullOrEmpty(SyscallTable.Name(X64, X32 | nr)));
    }

    [Theory]
    [InlineData(X64, 400L, "syscall_400")]            // the 337..423 gap
    [InlineData(X64, 470L, "syscall_470")]            // listns arrives after v6.18
    [InlineData(X64, 512L, "syscall_512")]            // x32-only rows are not native calls
    [InlineData(X64, -1L, "syscall_-1")]              // a syscall skipped by seccomp or a tracer
    [InlineData(X64, X32 | 13, "syscall_1073741837")] // native-only row: ENOSYS for x32, keeps the bit
    [InlineData(X64, X32 | 600, "syscall_1073742424")]
    [InlineData(I386, 222L, "syscall_222")]
    [InlineData(I386, 415L, "syscall_415")]
    [InlineData(I386, 512L, "syscall_512")]
    [InlineData(0xDEADBEEFu, 0L, "syscall_0")]        // an arch we have no table for
    public void NumbersWithoutASyscall(uint arch, long nr, string name) => Assert.Equal(name, SyscallTable.Name(arch, nr));

    [Fact]
    public void OnlyTheLow32BitsCountLikeInTheKernel()
    {
        // The kernel dispatches on (int)orig_ax; high bits must not hide the real call.
        Assert.Equal("execve", SyscallTable.Name(X64, 0x1_0000_0000L | 59));
        Assert.Equal("execve", SyscallTable.Name(X64, 0x1_0000_0000L | X32 | 520));
        Assert.Equal("execve", SyscallTable.Name(I386, 0x1_0000_0000L | 11));
        Assert.Equal("syscall_-1", SyscallTable.Name(X64, 0xFFFF_FFFFL));
    }

    [Fact]
    public void NamedCountsPerAbi()
    {
        Assert.Equal(383, CountNamed(X64, 0));   // 336 "common" + 47 "64" rows
        Assert.Equal(372, CountNamed(X64, X32)); // 336 "common" + 36 "x32" rows
        Assert.Equal(459, CountNamed(I386, 0));

        static int CountNamed(uint arch, long bit)
        {
            int n = 0;
            for (long nr = 0; nr < 4096; nr++) if (!SyscallTable.Name(arch, bit | nr).StartsWith("syscall_", StringComparison.Ordinal)) n++;
            return n;
        }
    }

    [Fact]
    public void KnownNumbersDoNotAllocate()
    {
        long[] known = SyscallTable.NamesX64.Select(n => (long)SyscallTable.NumberX64(n)).ToArray();
        string first = SyscallTable.Name(X64, known[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (long nr in known) SyscallTable.Name(X64, nr);
        for (long nr = 0; nr < 222; nr++) SyscallTable.Name(I386, nr);
        for (long nr = 512; nr < 548; nr++) SyscallTable.Name(X64, X32 | nr);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Same(first, SyscallTable.Name(X64, known[0]));
    }

    [Fact]
    public void UnknownNamesAreCached() =>
        Assert.Same(SyscallTable.Name(X64, 1234), SyscallTable.Name(X64, 1234));

    [Fact]
    public void NumberX64()
    {
        Assert.Equal(0, SyscallTable.NumberX64("read"));
        Assert.Equal(257, SyscallTable.NumberX64("openat"));
        Assert.Equal(462, SyscallTable.NumberX64("mseal"));
        Assert.Equal(-1, SyscallTable.NumberX64("fstatat64")); // i386 spelling
        Assert.Equal(-1, SyscallTable.NumberX64("OpenAt"));
        Assert.Equal(-1, SyscallTable.NumberX64(""));
    }

    [Fact]
    public void NamesX64RoundTrip()
    {
        string[] names = SyscallTable.NamesX64.ToArray();
        Assert.Equal(383, names.Length);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        foreach (string name in names) Assert.Equal(name, SyscallTable.Name(X64, SyscallTable.NumberX64(name)));
    }
}
