using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Sandtrace.Sandbox;
using Xunit;
using static Sandtrace.Tests.Sandbox.LoaderOracle;

namespace Sandtrace.Tests.Sandbox;

/// <summary>The readers under <see cref="ExecutableDependencies"/>: ELF (against readelf, and under corruption),
/// ld.so.cache (both layouts, and against `ldconfig -p`), #! lines as the kernel reads them, env's arguments.</summary>
public class ExecutableDependenciesParsingTests
{
    // ---- ELF ----

    [Theory]
    [InlineData("/bin/ls")]
    [InlineData("/usr/bin/python3")]
    [InlineData("/lib/x86_64-linux-gnu/libc.so.6")]
    [InlineData("/lib/x86_64-linux-gnu/libselinux.so.1")]
    [InlineData("/lib64/ld-linux-x86-64.so.2")]
    public void Elf_reader_agrees_with_readelf(string path)
    {
        if (!File.Exists(path)) return; // a Debian path; the other tests cover the rest
        ElfInfo elf;
        using (var f = BoundedFile.Open(path)) elf = ElfReader.Read(f)!;
        string dynamic = Run("readelf", "-dW", path), headers = Run("readelf", "-lW", path);
        Assert.Null(elf.Problem);
        Assert.True(elf.IsX86_64);
        Assert.Equal(Bracketed(dynamic, "Shared library: ["), elf.Needed);
        Assert.Equal(Bracketed(dynamic, "Library soname: [").SingleOrDefault(), elf.Soname);
        Assert.Equal(Bracketed(dynamic, "Library runpath: [").SingleOrDefault(), elf.RunPath);
        Assert.Equal(Bracketed(dynamic, "Library rpath: [").SingleOrDefault(), elf.RPath);
        Assert.Equal(Bracketed(headers, "Requesting program interpreter: ").SingleOrDefault()?.TrimEnd(']'), elf.Interpreter);
    }

    static List<string> Bracketed(string text, string marker) =>
        text.Split('\n').Where(l => l.Contains(marker)).Select(l => l[(l.IndexOf(marker) + marker.Length)..].TrimEnd()).Select(s => s.EndsWith(']') && marker.EndsWith('[') ? s[..^1] : s).ToList();

    static string Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string s = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return s;
    }

    [Fact]
    public void Corrupted_ELF_files_never_throw()
    {
        byte[] original = File.ReadAllBytes("/bin/ls");
        string dir = TempDir(), path = Path.Combine(dir, "x");
        var random = new Random(12345);
        // Where the interesting structures are: ELF header, program headers, and the dynamic section.
        int dynamicAt = original.AsSpan().IndexOf("libselinux.so.1\0"u8);
        for (int round = 0; round < 400; round++)
        {
            byte[] b = (byte[])original.Clone();
            int changes = random.Next(1, 8);
            for (int k = 0; k < changes; k++)
            {
                int at = random.Next(3) switch { 0 => random.Next(4, 64), 1 => random.Next(64, 1024), _ => Math.Max(0, dynamicAt - 4096 + random.Next(8192)) };
                if (at < b.Length) b[at] = random.Next(4) == 0 ? (byte)0xff : (byte)random.Next(256);
            }
            if (random.Next(5) == 0) b = b[..random.Next(64, b.Length)];
            File.WriteAllBytes(path, b);
            var c = ExecutableDependencies.Resolve(path); // must not throw
            Assert.Contains(path, c.Executables);
        }
    }

    /// <summary>A minimal x86-64 ELF: one PT_LOAD mapping the file at address 0, a PT_DYNAMIC with DT_STRTAB/DT_STRSZ,
    /// DT_NEEDED entries and optionally DT_RPATH; <paramref name="strings"/> is the string table as written.</summary>
    static byte[] MinimalElf(byte[] strings, ulong strsz, ulong[] needed, ulong? rpath = null)
    {
        const int Ehdr = 64, Phdr = 56;
        var dyn = new List<(long Tag, ulong Value)>();
        foreach (var n in needed) dyn.Add((1, n));
        if (rpath is { } r) dyn.Add((15, r));
        int dynOff = Ehdr + 2 * Phdr, strOff = dynOff + (dyn.Count + 3) * 16;
        dyn.Add((5, (ulong)strOff));
        dyn.Add((10, strsz));
        dyn.Add((0, 0));
        var b = new byte[strOff + strings.Length];
        b[0] = 0x7f; "ELF"u8.CopyTo(b.AsSpan(1));
        b[4] = 2; b[5] = 1; b[6] = 1;                                           // ELF64, little-endian, version 1
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), 3);              // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 62);             // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), Ehdr);           // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(52), Ehdr);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(54), Phdr);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(56), 2);
        void Ph(int at, uint type, long offset, long size)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), type);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 8), (ulong)offset);    // p_offset
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 16), (ulong)offset);   // p_vaddr
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 32), (ulong)size);     // p_filesz
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 40), (ulong)size);     // p_memsz
        }
        Ph(Ehdr, 1, 0, b.Length);                                               // PT_LOAD: the whole file at 0
        Ph(Ehdr + Phdr, 2, dynOff, dyn.Count * 16);                             // PT_DYNAMIC
        for (int i = 0; i < dyn.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(dynOff + 16 * i), dyn[i].Tag);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(dynOff + 16 * i + 8), dyn[i].Value);
        }
        strings.CopyTo(b, strOff);
        return b;
    }

    static ElfInfo ReadElf(byte[] image)
    {
        string path = Path.Combine(TempDir(), "lib.so");
        File.WriteAllBytes(path, image);
        using var f = BoundedFile.Open(path);
        return ElfReader.Read(f)!;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]      // longer than the first read of a string
    [InlineData(5000)]     // longer than the second
    public void Dynamic_strings_of_any_length_are_read_whole(int rpathLength)
    {
        string rpath = "/opt/" + new string('r', rpathLength - 5);
        byte[] table = Encoding.ASCII.GetBytes("\0libfoo.so.1\0" + rpath + "\0libbar.so\0");
        var elf = ReadElf(MinimalElf(table, (ulong)table.Length, [1, (ulong)(14 + rpath.Length)], rpath: 13));
        Assert.Null(elf.Problem);
        Assert.Equal(["libfoo.so.1", "libbar.so"], elf.Needed);
        Assert.Equal(rpath, elf.RPath);
    }

    [Fact]
    public void Dynamic_strings_outside_the_table_or_unterminated_are_problems()
    {
        byte[] table = Encoding.ASCII.GetBytes("\0libfoo.so.1\0libcut");   // the last string runs off the table's end
        var cut = ReadElf(MinimalElf(table, (ulong)table.Length, [1, 13]));
        Assert.Equal(["libfoo.so.1"], cut.Needed);
        Assert.Equal("a DT_NEEDED entry points outside the string table", cut.Problem);

        // DT_STRSZ bounds the table even when the file goes on: a terminator past it does not count.
        byte[] more = Encoding.ASCII.GetBytes("\0libfoo.so.1\0");
        var bounded = ReadElf(MinimalElf(more, 10, [1]));
        Assert.Empty(bounded.Needed);
        Assert.Equal("a DT_NEEDED entry points outside the string table", bounded.Problem);

        var outside = ReadElf(MinimalElf(more, (ulong)more.Length, [1, 400]));
        Assert.Equal(["libfoo.so.1"], outside.Needed);
        Assert.Equal("a DT_NEEDED entry points outside the string table", outside.Problem);
    }

    // ---- ld.so.cache ----

    const int X8664 = 0x0303, I386 = 0x0003;

    static byte[] NewFormat(params (int Flags, string Key, string Value, ulong Hwcap)[] entries)
    {
        var strings = new MemoryStream();
        int stringsStart = 48 + entries.Length * 24;
        var offsets = new List<(uint, uint)>();
        foreach (var e in entries)
        {
            uint k = (uint)(stringsStart + strings.Length); strings.Write(Encoding.UTF8.GetBytes(e.Key + "\0"));
            uint v = (uint)(stringsStart + strings.Length); strings.Write(Encoding.UTF8.GetBytes(e.Value + "\0"));
            offsets.Add((k, v));
        }
        var b = new byte[stringsStart + strings.Length];
        Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), (uint)entries.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), (uint)strings.Length);
        b[28] = 2; // little-endian
        for (int i = 0; i < entries.Length; i++)
        {
            var e = b.AsSpan(48 + i * 24);
            BinaryPrimitives.WriteInt32LittleEndian(e, entries[i].Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], offsets[i].Item1);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], offsets[i].Item2);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], entries[i].Hwcap);
        }
        strings.ToArray().CopyTo(b, stringsStart);
        return b;
    }

    /// <summary>The old table (16-byte header, 12-byte entries, string offsets from the end of the table), then
    /// optionally the new format, 8-byte aligned.</summary>
    static byte[] OldFormat((int Flags, string Key, string Value)[] entries, byte[]? newPart)
    {
        int tableEnd = 16 + entries.Length * 12;
        int newAt = (tableEnd + 7) & ~7;
        var strings = new MemoryStream();
        int stringsAt = newPart == null ? tableEnd : newAt + newPart.Length; // old strings after everything else
        var head = new byte[newPart == null ? tableEnd : newAt + newPart.Length];
        Encoding.ASCII.GetBytes("ld.so-1.7.0").CopyTo(head, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), (uint)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            uint k = (uint)(stringsAt - tableEnd + strings.Length); strings.Write(Encoding.UTF8.GetBytes(entries[i].Key + "\0"));
            uint v = (uint)(stringsAt - tableEnd + strings.Length); strings.Write(Encoding.UTF8.GetBytes(entries[i].Value + "\0"));
            var e = head.AsSpan(16 + i * 12);
            BinaryPrimitives.WriteInt32LittleEndian(e, entries[i].Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], k);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], v);
        }
        newPart?.CopyTo(head, newAt);
        return [.. head, .. strings.ToArray()];
    }

    [Fact]
    public void Cache_new_format_keeps_only_x86_64_libc6_entries_and_marks_hwcap_variants()
    {
        var cache = LdSoCache.Parse(NewFormat(
            (X8664, "libfoo.so.1", "/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1", (1UL << 62) | 1),
            (X8664, "libfoo.so.1", "/usr/lib/x86_64-linux-gnu/libfoo.so.1", 0),
            (I386, "libfoo.so.1", "/usr/lib/i386-linux-gnu/libfoo.so.1", 0),
            (0x0803, "libbar.so.2", "/usr/libx32/libbar.so.2", 0)));
        Assert.Equal([new LdSoCache.Entry("/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1", true),
            new LdSoCache.Entry("/usr/lib/x86_64-linux-gnu/libfoo.so.1", false)], cache.Lookup("libfoo.so.1"));
        Assert.Empty(cache.Lookup("libbar.so.2"));
    }

    [Fact]
    public void Cache_with_old_and_new_tables_is_read_from_the_new_one()
    {
        byte[] newPart = NewFormat((X8664, "libnew.so.1", "/lib/x86_64-linux-gnu/libnew.so.1", 0));
        var both = LdSoCache.Parse(OldFormat([(X8664, "libold.so.1", "/lib/libold.so.1"), (X8664, "libold2.so.1", "/lib/libold2.so.1"), (X8664, "x.so", "/x.so")], newPart));
        Assert.Equal("/lib/x86_64-linux-gnu/libnew.so.1", Assert.Single(both.Lookup("libnew.so.1")).Path);
        Assert.Empty(both.Lookup("libold.so.1"));

        var oldOnly = LdSoCache.Parse(OldFormat([(X8664, "libold.so.1", "/lib/libold.so.1"), (I386, "lib32.so", "/lib32.so")], null));
        Assert.Equal("/lib/libold.so.1", Assert.Single(oldOnly.Lookup("libold.so.1")).Path);
        Assert.Empty(oldOnly.Lookup("lib32.so"));
    }

    [Fact]
    public void Malformed_caches_are_empty_or_partial_never_an_exception()
    {
        byte[] good = NewFormat((X8664, "liba.so.1", "/lib/liba.so.1", 0), (X8664, "libb.so.1", "/lib/libb.so.1", 0));
        for (int n = 0; n < good.Length; n++) LdSoCache.Parse(good.AsSpan(0, n));
        byte[] lying = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(lying.AsSpan(20), uint.MaxValue); // nlibs far too large
        LdSoCache.Parse(lying);
        byte[] big = (byte[])good.Clone();
        big[28] = 3; // big-endian cache: not for this machine
        Assert.Equal(0, LdSoCache.Parse(big).Count);
        var random = new Random(7);
        for (int round = 0; round < 300; round++)
        {
            byte[] b = (byte[])good.Clone();
            b[random.Next(b.Length)] = (byte)random.Next(256);
            LdSoCache.Parse(b);
        }
        Assert.Equal(0, LdSoCache.Load("/no/such/cache").Count);
    }

    [Fact]
    public void The_machines_cache_reads_like_ldconfig_p()
    {
        string ldconfig = File.Exists("/sbin/ldconfig") ? "/sbin/ldconfig" : "/usr/sbin/ldconfig";
        if (!File.Exists(LdSoCache.DefaultPath) || !File.Exists(ldconfig)) return;
        // "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1"; hwcap variants say ", hwcap: …".
        var expected = Run(ldconfig, "-p").Split('\n').Where(l => l.Contains(" (libc6,x86-64) => "))
            .Select(l => l.Trim()).Select(l => (l[..l.IndexOf(' ')], l[(l.IndexOf(" => ") + 4)..])).ToHashSet();
        var mine = LdSoCache.Load().Entries.Where(e => !e.Entry.IsVariant).Select(e => (e.Name, e.Entry.Path)).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(x => x), mine.OrderBy(x => x));
    }

    // ---- #! lines ----

    [Theory]
    [InlineData("#!/bin/sh\necho\n", "/bin/sh", null)]
    [InlineData("#! /bin/sh -e \nx", "/bin/sh", "-e")]
    [InlineData("#!/usr/bin/env  python3  -u\n", "/usr/bin/env", "python3  -u")]
    [InlineData("#!\t/bin/bash\t-x -v\n", "/bin/bash", "-x -v")]
    [InlineData("#!/bin/sh\r\n", "/bin/sh\r", null)] // CRLF scripts: the kernel looks for "/bin/sh\r"
    [InlineData("#!/bin/sh", "/bin/sh", null)]
    public void Shebang_lines_split_like_the_kernel(string text, string interpreter, string? argument)
    {
        var parsed = Shebang.Parse(Encoding.UTF8.GetBytes(text), out var problem);
        Assert.Null(problem);
        Assert.Equal((interpreter, argument), parsed);
    }

    [Theory]
    [InlineData("#!\n")]
    [InlineData("#!   \t \n")]
    [InlineData("echo hi\n")]
    public void Shebang_lines_without_an_interpreter_are_refused(string text) =>
        Assert.Null(Shebang.Parse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Long_shebang_lines_are_cut_at_the_kernels_buffer()
    {
        var cut = Shebang.Parse(Encoding.ASCII.GetBytes("#!/bin/sh " + new string('x', 400)), out _);
        Assert.Equal(("/bin/sh", new string('x', 255 - 10)), cut!.Value);
        // An interpreter name that does not end inside the buffer would be truncated: ENOEXEC.
        Assert.Null(Shebang.Parse(Encoding.ASCII.GetBytes("#!/" + new string('a', 400)), out var problem));
        Assert.Contains("truncated", problem);
    }

    // ---- env ----

    [Theory]
    [InlineData("python3", "python3")]
    [InlineData("python3 -u", "python3 -u")] // one argument without -S: env looks for that name
    [InlineData("-S python3 -u", "python3")]
    [InlineData("-Spython3 -u", "python3")]
    [InlineData("-S -i PATH=/opt/bin python3 -u", "python3")]
    [InlineData("-S -u HOME -C /tmp perl -w", "perl")]
    [InlineData("-S --unset=HOME --chdir /tmp node --x", "node")]
    [InlineData("--split-string=ruby -w", "ruby")]
    [InlineData("-vS 'python3' -u", "python3")]
    [InlineData("-S -- -weird", "-weird")]
    [InlineData("A=1", null)]
    [InlineData("-S", null)]
    [InlineData("-i", null)]
    public void Env_arguments_name_the_command(string argument, string? command) =>
        Assert.Equal(command, EnvCommand.Find(argument));
}
