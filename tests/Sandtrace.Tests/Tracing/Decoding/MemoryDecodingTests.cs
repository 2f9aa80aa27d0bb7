using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing.Decoding;

public class MemoryDecodingTests
{
    readonly DecodeHarness _h = new();

    [Theory]
    [InlineData(X64Syscall.mmap, new[] { "0", "4096", "3", "0x22", "-1", "0" }, "addr=NULL length=4096 prot=PROT_READ|PROT_WRITE flags=MAP_PRIVATE|MAP_ANONYMOUS fd=-1 offset=0")]
    [InlineData(X64Syscall.mmap, new[] { "0x7f0000000000", "8192", "5", "0x812", "3", "4096" }, "addr=0x7f0000000000 length=8192 prot=PROT_READ|PROT_EXEC flags=MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE fd=3 offset=4096")]
    [InlineData(X64Syscall.mmap, new[] { "0", "4096", "1", "0x1", "3", "0" }, "addr=NULL length=4096 prot=PROT_READ flags=MAP_SHARED fd=3 offset=0")]
    [InlineData(X64Syscall.mmap, new[] { "0", "4096", "0", "0x100022", "-1", "0" }, "addr=NULL length=4096 prot=PROT_NONE flags=MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE fd=-1 offset=0")]
    [InlineData(X64Syscall.mmap, new[] { "0", "2097152", "3", "0x54040022", "-1", "0" }, "addr=NULL length=2097152 prot=PROT_READ|PROT_WRITE flags=MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_2MB fd=-1 offset=0")]
    [InlineData(X64Syscall.mmap, new[] { "0", "4096", "0x13", "0x78040022", "-1", "0" }, "addr=NULL length=4096 prot=PROT_READ|PROT_WRITE|0x10 flags=MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_1GB fd=-1 offset=0")]
    [InlineData(X64Syscall.mmap, new[] { "0", "4096", "3", "0x8000022", "-1", "0" }, "addr=NULL length=4096 prot=PROT_READ|PROT_WRITE flags=MAP_PRIVATE|MAP_ANONYMOUS|0x8000000 fd=-1 offset=0")]
    [InlineData(X64Syscall.mprotect, new[] { "0x7f00", "4096", "0" }, "addr=0x7f00 length=4096 prot=PROT_NONE")]
    [InlineData(X64Syscall.munmap, new[] { "0x7f00", "4096" }, "addr=0x7f00 length=4096")]
    [InlineData(X64Syscall.brk, new[] { "0" }, "addr=NULL")]
    [InlineData(X64Syscall.brk, new[] { "0x5555556000" }, "addr=0x5555556000")]
    [InlineData(X64Syscall.madvise, new[] { "0x7f00", "4096", "4" }, "addr=0x7f00 length=4096 advice=MADV_DONTNEED")]
    [InlineData(X64Syscall.madvise, new[] { "0x7f00", "4096", "14" }, "addr=0x7f00 length=4096 advice=MADV_HUGEPAGE")]
    [InlineData(X64Syscall.mremap, new[] { "0x7f00", "4096", "8192", "1", "0" }, "old_address=0x7f00 old_size=4096 new_size=8192 flags=MREMAP_MAYMOVE")]
    [InlineData(X64Syscall.mremap, new[] { "0x7f00", "4096", "8192", "3", "0x9000" }, "old_address=0x7f00 old_size=4096 new_size=8192 flags=MREMAP_MAYMOVE|MREMAP_FIXED new_address=0x9000")]
    [InlineData(X64Syscall.msync, new[] { "0x7f00", "4096", "4" }, "addr=0x7f00 length=4096 flags=MS_SYNC")]
    [InlineData(X64Syscall.mlockall, new[] { "3" }, "flags=MCL_CURRENT|MCL_FUTURE")]
    [InlineData(X64Syscall.pkey_mprotect, new[] { "0x7f00", "4096", "1", "2" }, "addr=0x7f00 length=4096 prot=PROT_READ pkey=2")]
    public void Decodes_memory_syscalls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }
}
