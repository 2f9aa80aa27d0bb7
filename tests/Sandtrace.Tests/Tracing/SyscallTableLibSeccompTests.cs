using Sandtrace.Tests.Native;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>
/// Our tables against the machine's libseccomp (2.5.4 here; it predates statmount..file_setattr, so it resolves
/// fewer numbers). Where libseccomp knows a number, its name must be ours. No spelling exceptions are needed:
/// libseccomp also takes the tables' name column ("newfstatat", "_llseek", "umount" for i386 22, ...).
/// Only numbers 0..4095 are asked: libseccomp's negative numbers are its own pseudo-syscalls for other arches.
/// </summary>
public class SyscallTableLibSeccompTests
{
    [Theory]
    [InlineData(LibSeccompTestInterop.ScmpArchX86_64, SyscallTable.AuditArchX86_64, 0)]
    [InlineData(LibSeccompTestInterop.ScmpArchX86, SyscallTable.AuditArchI386, 0)]
    [InlineData(LibSeccompTestInterop.ScmpArchX32, SyscallTable.AuditArchX86_64, SyscallTable.X32SyscallBit)]
    public void EveryNumberLibSeccompResolvesHasItsName(uint scmpArch, uint auditArch, int bit)
    {
        int resolved = 0, ours = 0;
        var mismatches = new List<string>();
        for (int nr = 0; nr < 4096; nr++)
        {
            string name = SyscallTable.Name(auditArch, bit | nr);
            if (!name.StartsWith("syscall_", StringComparison.Ordinal)) ours++;
            if (LibSeccompTestInterop.ResolveNum(scmpArch, bit | nr) is not { } expected) continue;
            resolved++;
            if (expected != name) mismatches.Add($"{nr}: libseccomp {expected}, ours {name}");
        }
        Assert.Empty(mismatches);
        Assert.True(resolved > 300, $"libseccomp resolved only {resolved} numbers; is it the library we expect?");
        Assert.True(ours >= resolved, $"we name {ours} numbers, libseccomp {resolved}");
    }
}
