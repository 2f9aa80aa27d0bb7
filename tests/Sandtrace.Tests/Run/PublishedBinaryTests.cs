using System.Buffers.Binary;
using System.Diagnostics;
using Xunit;

namespace Sandtrace.Tests.Run;

/// <summary>How the NativeAOT binary is linked (SANDTRACE_BIN; skipped for the JIT build's apphost).</summary>
[Trait("Category", "Sandbox")]
public class PublishedBinaryTests
{
    const long DT_NULL = 0, DT_RELR = 36, DT_RELACOUNT = 0x6ffffff9;

    /// <summary>With a glibc that loads DT_RELR (2.36 and later) the PIE's relative relocations are packed (README,
    /// Benchmarks): fewer than a thousand relative RELA records remain, not the ~32k of an unpacked build. With an older
    /// glibc they stay unpacked, or the binary would not load there.</summary>
    [Fact]
    public void Relative_relocations_are_packed_where_glibc_supports_it()
    {
        if (Environment.GetEnvironmentVariable("SANDTRACE_BIN") is not { Length: > 0 } bin) return;
        var dynamic = DynamicEntries(File.ReadAllBytes(bin));
        if (dynamic == null) return;   // not an ELF file: a wrapper script, not the NativeAOT binary
        bool packed = dynamic.ContainsKey(DT_RELR);
        if (GlibcVersion() is not { } glibc) return;
        if (glibc >= new Version(2, 36))
        {
            Assert.True(packed, $"{bin} has no DT_RELR entry although glibc {glibc} supports it");
            Assert.True(dynamic.GetValueOrDefault(DT_RELACOUNT) < 1000, $"{dynamic.GetValueOrDefault(DT_RELACOUNT)} relative RELA records left");
        }
        else Assert.False(packed, $"{bin} needs DT_RELR, which glibc {glibc} cannot load");
    }

    /// <summary>The dynamic section's entries (tag → value) of a 64-bit little-endian ELF file, or null.</summary>
    static Dictionary<long, long>? DynamicEntries(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1) return null;
        long phoff = BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(0x20));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x36));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x38));
        for (int i = 0; i < phnum; i++)
        {
            var ph = elf.AsSpan((int)(phoff + (long)i * phentsize), phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != 2) continue;   // PT_DYNAMIC
            long offset = BinaryPrimitives.ReadInt64LittleEndian(ph[0x08..]), size = BinaryPrimitives.ReadInt64LittleEndian(ph[0x20..]);
            var entries = new Dictionary<long, long>();
            for (long at = offset; at + 16 <= offset + size; at += 16)
            {
                long tag = BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan((int)at));
                if (tag == DT_NULL) break;
                entries[tag] = BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan((int)at + 8));
            }
            return entries;
        }
        return new Dictionary<long, long>();
    }

    /// <summary>This machine's glibc version ("glibc 2.36" from getconf), or null if it is not glibc.</summary>
    static Version? GlibcVersion()
    {
        var psi = new ProcessStartInfo("getconf", "GNU_LIBC_VERSION") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 && output.StartsWith("glibc ", StringComparison.Ordinal) && Version.TryParse(output[6..], out var v) ? v : null;
    }
}
