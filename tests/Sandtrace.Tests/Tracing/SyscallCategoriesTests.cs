using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

public class SyscallCategoriesTests
{
    const uint X64 = SyscallTable.AuditArchX86_64;
    const uint I386 = SyscallTable.AuditArchI386;
    const long X32 = SyscallTable.X32SyscallBit;

    /// <summary>Every name of every table, paired with one (arch, nr) where it occurs.</summary>
    static IEnumerable<(string Name, uint Arch, long Nr)> AllNamed()
    {
        foreach ((uint arch, long bit) in new[] { (X64, 0L), (X64, X32), (I386, 0L) })
            for (long nr = 0; nr < 1024; nr++)
            {
                string name = SyscallTable.Name(arch, bit | nr);
                if (!name.StartsWith("syscall_", StringComparison.Ordinal)) yield return (name, arch, bit | nr);
            }
    }

    [Fact]
    public void EveryNamedSyscallIsListedInTheMap()
    {
        string[] unlisted = AllNamed().Where(s => !SyscallCategoryMap.TryGet(s.Name, out _))
            .Select(s => s.Name).Distinct().ToArray();
        Assert.Empty(unlisted);
    }

    [Fact]
    public void EveryListedNameExistsInSomeTable()
    {
        var named = AllNamed().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string[] stale = SyscallCategoryMap.Groups.SelectMany(g => g.Names).Where(n => !named.Contains(n)).ToArray();
        Assert.Empty(stale);
    }

    [Fact]
    public void NoNameIsListedTwice()
    {
        string[] names = SyscallCategoryMap.Groups.SelectMany(g => g.Names).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void OtherHoldsOnlyCallsLinuxNeverImplemented()
    {
        SyscallCategoryMap.Group other = Assert.Single(SyscallCategoryMap.Groups, g => g.Category == SyscallCategory.Other);
        Assert.Equal("never implemented", other.Topic);
    }

    [Fact]
    public void NumbersGetTheirNamesCategoryOnEveryAbi()
    {
        foreach ((string name, uint arch, long nr) in AllNamed())
            Assert.Equal(SyscallCategories.OfName(name), SyscallCategories.Of(arch, nr));
    }

    [Theory]
    [InlineData(X64, 0L, "file_read")]
    [InlineData(X64, 1L, "file_write")]
    [InlineData(X64, 3L, "file_metadata")]               // close
    [InlineData(X64, 9L, "memory")]                      // mmap
    [InlineData(X64, 13L, "signal")]                     // rt_sigaction
    [InlineData(X64, 41L, "network")]                    // socket
    [InlineData(X64, 59L, "process")]                    // execve
    [InlineData(X64, 0x1_0000_003BL, "process")]         // execve behind high bits
    [InlineData(X64, 202L, "ipc")]                       // futex
    [InlineData(X64, 217L, "directory")]                 // getdents64
    [InlineData(X64, 228L, "time")]                      // clock_gettime
    [InlineData(X64, 257L, "file_read")]                 // openat
    [InlineData(X64, 165L, "system")]                    // mount
    [InlineData(X64, 184L, "other")]                     // tuxcall
    [InlineData(X64, 400L, "other")]                     // no syscall
    [InlineData(X64, -1L, "other")]
    [InlineData(X64, X32 | 520, "process")]              // x32 execve
    [InlineData(X64, X32 | 13, "other")]                 // native-only number from x32
    [InlineData(I386, 5L, "file_read")]                  // open
    [InlineData(I386, 102L, "network")]                  // socketcall
    [InlineData(I386, 117L, "ipc")]                      // ipc
    [InlineData(I386, 140L, "file_metadata")]            // _llseek
    [InlineData(I386, 300L, "file_metadata")]            // fstatat64
    [InlineData(I386, 403L, "time")]                     // clock_gettime64
    [InlineData(0xDEADBEEFu, 0L, "other")]
    public void SpotChecks(uint arch, long nr, string expected) =>
        Assert.Equal(expected, SyscallCategories.Of(arch, nr).JsonName());

    [Fact]
    public void JsonNamesAndSecurityRelevance()
    {
        var all = Enum.GetValues<SyscallCategory>();
        Assert.Equal(
            ["file_read", "file_write", "file_metadata", "directory", "network", "process", "memory", "signal", "ipc", "system", "time", "other"],
            all.Select(c => c.JsonName()));
        Assert.Equal(
            [SyscallCategory.FileRead, SyscallCategory.FileWrite, SyscallCategory.FileMetadata, SyscallCategory.Directory, SyscallCategory.Network, SyscallCategory.Process],
            all.Where(c => c.IsSecurityRelevant()));
    }
}
