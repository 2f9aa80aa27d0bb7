using System.Runtime.Versioning;
using Sandtrace.Sandbox;
using Xunit;
using static Sandtrace.Tests.Sandbox.LoaderOracle;

namespace Sandtrace.Tests.Sandbox;

/// <summary>The closure of real programs on this machine: what execve opens, and what ldd says the loader maps.</summary>
[SupportedOSPlatform("linux")]
public class ExecutableDependenciesTests
{
    static readonly string LoaderReal = ReadlinkF("/lib64/ld-linux-x86-64.so.2")!;

    [Fact]
    public void Ls_needs_its_loader_libc_and_libselinux_under_both_names()
    {
        var c = ExecutableDependencies.Resolve("/bin/ls");
        string d = Describe(c);
        Assert.Contains("/bin/ls", c.Executables);
        Assert.Contains(ReadlinkF("/bin/ls")!, c.Executables);
        Assert.Contains("/lib64/ld-linux-x86-64.so.2", c.Executables);
        Assert.Contains(LoaderReal, c.Executables);
        string libc = ReadlinkF(Ldd("/bin/ls").Found["libc.so.6"])!;
        if (Directory.Exists("/usr/lib/x86_64-linux-gnu")) Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", libc); // Debian
        Assert.Contains(libc, c.Libraries);
        Assert.Contains(c.Libraries, l => Path.GetFileName(l) == "libselinux.so.1");
        Assert.Contains("/etc/ld.so.cache", c.Libraries);
        Assert.DoesNotContain(LoaderReal, c.Libraries); // libc's DT_NEEDED on ld.so matches the loaded loader
        Assert.True(c.Warnings.Count == 0, d);
        Assert.Empty(CompareWithLdd("/bin/ls", c));
    }

    [Fact]
    public void Python3_has_every_library_ldd_reports()
    {
        var c = ExecutableDependencies.Resolve("/usr/bin/python3");
        Assert.Empty(CompareWithLdd("/usr/bin/python3", c));
        Assert.Contains(c.Libraries, l => Path.GetFileName(l) == "libm.so.6");
        Assert.Contains(ReadlinkF("/usr/bin/python3")!, c.Executables);
    }

    [Fact]
    public void Ten_or_more_programs_have_every_library_ldd_reports()
    {
        string[] names = ["ls", "cat", "sh", "bash", "python3", "perl", "git", "curl", "tar", "grep", "sed", "find", "env",
            "gzip", "ssh", "openssl", "dotnet", "strace", "readelf", "sort", "apt-get", "dpkg", "gpg", "make", "xz"];
        var programs = names.Select(n => "/usr/bin/" + n).Where(File.Exists).ToList();
        Assert.True(programs.Count >= 10, $"only {programs.Count} of the chosen programs exist here");
        var problems = new List<string>();
        foreach (var program in programs)
        {
            var c = ExecutableDependencies.Resolve(program);
            problems.AddRange(CompareWithLdd(program, c));
            problems.AddRange(CheckSandboxView(c, program));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_closure_alone_answers_every_lookup_the_kernel_and_loader_make()
    {
        var c = ExecutableDependencies.Resolve("/bin/ls");
        var problems = CheckSandboxView(c, "/bin/ls");
        // The names the loader itself opens: PT_INTERP, the cache, and the paths the cache hands out (ldd shows them).
        foreach (var path in Ldd("/bin/ls").Found.Values.Append("/lib64/ld-linux-x86-64.so.2").Append("/etc/ld.so.cache"))
            if (ResolveInSandbox(c, path) == null) problems.Add($"{path} does not resolve in the sandbox view");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + Describe(c));
        if (new FileInfo("/lib").LinkTarget != null) Assert.Contains("/lib", c.Symlinks); // Debian 12: /lib → usr/lib
    }

    /// <summary>Every listed name resolves in a tree made of the real files and the listed links only; every listed
    /// link is a link whose parent directory is real; nothing is listed twice.</summary>
    static List<string> CheckSandboxView(ExecutableClosure c, string program)
    {
        var problems = new List<string>();
        foreach (var p in c.Executables.Concat(c.Libraries))
        {
            string? real = ReadlinkF(p);
            if (real == null) problems.Add($"{program}: {p} does not exist");
            else if (!c.Executables.Contains(real) && !c.Libraries.Contains(real)) problems.Add($"{program}: real path {real} of {p} not listed");
            if (ResolveInSandbox(c, p) == null) problems.Add($"{program}: {p} does not resolve in the sandbox view");
        }
        foreach (var s in c.Symlinks)
        {
            if (new FileInfo(s).LinkTarget == null) problems.Add($"{program}: {s} is not a symlink");
            string parent = Path.GetDirectoryName(s)!;
            if (ReadlinkF(parent) != parent) problems.Add($"{program}: symlink {s} is not listed under its canonical path");
        }
        if (c.Executables.Distinct().Count() != c.Executables.Count || c.Libraries.Distinct().Count() != c.Libraries.Count
            || c.Symlinks.Distinct().Count() != c.Symlinks.Count)
            problems.Add($"{program}: duplicates");
        return problems;
    }

    [Fact]
    public void A_sh_script_needs_the_shell_and_the_shells_loader()
    {
        string dir = TempDir();
        string script = Path.Combine(dir, "hello.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hello\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var c = ExecutableDependencies.Resolve(script);
        string d = Describe(c);
        Assert.Equal(script, c.Executables[0]);
        Assert.Contains("/bin/sh", c.Executables);
        Assert.Contains(ReadlinkF("/bin/sh")!, c.Executables); // /usr/bin/dash on Debian
        Assert.Contains(LoaderReal, c.Executables);
        Assert.Contains(c.Libraries, l => Path.GetFileName(l) == "libc.so.6");
        Assert.True(c.Warnings.Count == 0, d);
        Assert.Empty(CheckSandboxView(c, script));
    }

    [Fact]
    public void An_env_script_also_needs_the_program_env_finds_on_PATH()
    {
        string dir = TempDir();
        string script = Path.Combine(dir, "tool.py");
        File.WriteAllText(script, "#!/usr/bin/env python3\nprint(1)\n");
        var c = ExecutableDependencies.Resolve(script, "/nonexistent:/usr/local/bin:/usr/bin:/bin");
        string d = Describe(c);
        Assert.Contains("/usr/bin/env", c.Executables);
        string python = File.Exists("/usr/local/bin/python3") ? "/usr/local/bin/python3" : "/usr/bin/python3";
        Assert.Contains(python, c.Executables);
        Assert.Contains(ReadlinkF(python)!, c.Executables);
        Assert.Contains(LoaderReal, c.Executables);
        Assert.True(c.Warnings.Count == 0, d);
        // python3's own libraries, not only env's.
        var pythonOnly = ExecutableDependencies.Resolve(python);
        Assert.All(pythonOnly.Libraries, l => Assert.Contains(l, c.Libraries));
    }

    [Fact]
    public void An_env_S_script_splits_its_argument_and_a_missing_command_is_a_warning()
    {
        string dir = TempDir();
        string split = Path.Combine(dir, "split.py");
        File.WriteAllText(split, "#!/usr/bin/env -S PYTHONUNBUFFERED=1 python3 -u\n");
        var c = ExecutableDependencies.Resolve(split, "/usr/bin:/bin");
        Assert.Contains("/usr/bin/python3", c.Executables);

        string missing = Path.Combine(dir, "missing.py");
        File.WriteAllText(missing, "#!/usr/bin/env no-such-interpreter-xyz\n");
        var m = ExecutableDependencies.Resolve(missing, "/usr/bin:/bin");
        Assert.Contains(m.Warnings, w => w.Contains("no-such-interpreter-xyz") && w.Contains("not on PATH"));
        Assert.Contains("/usr/bin/env", m.Executables);

        // Without -S the kernel's single argument "python3 -u" is one (non-existent) program name.
        string unsplit = Path.Combine(dir, "unsplit.py");
        File.WriteAllText(unsplit, "#!/usr/bin/env python3 -u\n");
        Assert.Contains(ExecutableDependencies.Resolve(unsplit, "/usr/bin:/bin").Warnings, w => w.Contains("python3 -u"));
    }

    [Fact]
    public void Five_levels_of_scripts_work_and_six_are_refused_like_the_kernel_does()
    {
        string dir = TempDir();
        string Chain(int scripts)
        {
            string sub = Directory.CreateDirectory(Path.Combine(dir, $"chain{scripts}")).FullName;
            for (int k = 0; k < scripts; k++)
            {
                string next = k == scripts - 1 ? "/bin/sh" : Path.Combine(sub, $"s{k + 1}");
                File.WriteAllText(Path.Combine(sub, $"s{k}"), $"#!{next}\n");
                File.SetUnixFileMode(Path.Combine(sub, $"s{k}"), (UnixFileMode)0b111_101_101);
            }
            return Path.Combine(sub, "s0");
        }
        var five = ExecutableDependencies.Resolve(Chain(5));
        Assert.True(five.Warnings.Count == 0, Describe(five));
        Assert.Contains(LoaderReal, five.Executables);
        var six = ExecutableDependencies.Resolve(Chain(6));
        Assert.Contains(six.Warnings, w => w.Contains("ELOOP"));
        Assert.DoesNotContain(LoaderReal, six.Executables);
    }

    [Fact]
    public void A_missing_script_interpreter_is_a_warning()
    {
        string script = Path.Combine(TempDir(), "x.sh");
        File.WriteAllText(script, "#!/no/such/shell -e\n");
        var c = ExecutableDependencies.Resolve(script);
        Assert.Contains(c.Warnings, w => w.Contains("/no/such/shell") && w.Contains(script));
        Assert.Equal([script], c.Executables);
    }

    [Fact]
    public void Static_binaries_have_no_interpreter_and_no_libraries()
    {
        string dir = TempDir();
        var programs = new List<string>();
        foreach (var (name, flag) in new[] { ("static", "-static"), ("static-pie", "-static-pie") })
        {
            string path = Path.Combine(dir, name);
            Compile("int main(void){return 0;}", path, flag);
            programs.Add(path);
        }
        // Debian's ldconfig is static-pie; `file` (when installed) says so independently.
        foreach (var candidate in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
            if (File.Exists(candidate) && FileSays(candidate) is { } what && (what.Contains("statically linked") || what.Contains("static-pie")))
            {
                programs.Add(candidate);
                break;
            }
        foreach (var program in programs)
        {
            var c = ExecutableDependencies.Resolve(program);
            string d = Describe(c);
            Assert.True(c.Executables.All(e => e == program || e == ReadlinkF(program)), d);
            Assert.True(c.Libraries.Count == 0, d);
            Assert.True(c.Warnings.Count == 0, d);
        }
    }

    static string? FileSays(string path)
    {
        if (!File.Exists("/usr/bin/file")) return null;
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/file", ["-b", path]) { RedirectStandardOutput = true })!;
        string s = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return s;
    }

    [Fact]
    public void A_truncated_ELF_file_gives_a_warning_not_an_exception()
    {
        byte[] ls = File.ReadAllBytes("/bin/ls");
        string dir = TempDir();
        foreach (int length in new[] { 4, 10, 20, 63, 64, 100, 700, 1000, 4096, 20000, ls.Length / 2, ls.Length - 1 })
        {
            string path = Path.Combine(dir, $"ls-{length}");
            File.WriteAllBytes(path, ls[..length]);
            var c = ExecutableDependencies.Resolve(path);
            if (length <= 1000) Assert.Contains(c.Warnings, w => w.Contains(path) && w.Contains("malformed ELF"));
            Assert.Contains(path, c.Executables);
        }
    }

    [Fact]
    public void ELF_files_that_are_not_x86_64_programs_are_warnings()
    {
        string dir = TempDir();
        string obj = Path.Combine(dir, "x.o");
        Compile("int x;", obj, "-c");
        Assert.Contains(ExecutableDependencies.Resolve(obj).Warnings, w => w.Contains("not a program"));

        byte[] ls = File.ReadAllBytes("/bin/ls");
        ls[18] = 183; // e_machine = EM_AARCH64
        string arm = Path.Combine(dir, "arm");
        File.WriteAllBytes(arm, ls);
        var c = ExecutableDependencies.Resolve(arm);
        Assert.Contains(c.Warnings, w => w.Contains("not an x86-64 program"));
        Assert.Empty(c.Libraries);
    }

    [Fact]
    public void A_text_file_is_a_warning()
    {
        string path = Path.Combine(TempDir(), "notes.txt");
        File.WriteAllText(path, "just some text\n");
        var c = ExecutableDependencies.Resolve(path);
        Assert.Contains(c.Warnings, w => w.Contains(path) && w.Contains("neither an ELF binary nor a #! script"));
        Assert.Equal([path], c.Executables);
        Assert.Empty(c.Libraries);

        string empty = Path.Combine(TempDir(), "empty");
        File.WriteAllBytes(empty, []);
        Assert.Single(ExecutableDependencies.Resolve(empty).Warnings);
    }

    [Fact]
    public void A_missing_or_unreadable_program_throws_the_documented_exceptions()
    {
        Assert.Throws<FileNotFoundException>(() => ExecutableDependencies.Resolve("/no/such/program"));
        Assert.Throws<FileNotFoundException>(() => ExecutableDependencies.Resolve("/etc/hostname/x")); // ENOTDIR
        Assert.Throws<FileNotFoundException>(() => ExecutableDependencies.Resolve(""));
        Assert.Throws<UnauthorizedAccessException>(() => ExecutableDependencies.Resolve("/tmp"));
        if (Sandtrace.Native.Libc.GetEuid() != 0) // root reads anything
        {
            string path = Path.Combine(TempDir(), "secret");
            File.WriteAllText(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserExecute);
            Assert.Throws<UnauthorizedAccessException>(() => ExecutableDependencies.Resolve(path));
        }
    }

    [Fact]
    public void A_missing_library_is_a_warning_naming_it_and_its_user()
    {
        // /bin/ls with its DT_NEEDED "libselinux.so.1" renamed in the string table (same length).
        byte[] ls = File.ReadAllBytes("/bin/ls");
        byte[] from = "libselinux.so.1\0"u8.ToArray(), to = "libnothere.so.1\0"u8.ToArray();
        int at = ls.AsSpan().IndexOf(from);
        Assert.True(at > 0, "/bin/ls does not need libselinux.so.1 here");
        to.CopyTo(ls, at);
        string path = Path.Combine(TempDir(), "ls-patched");
        File.WriteAllBytes(path, ls);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var c = ExecutableDependencies.Resolve(path);
        Assert.Contains(c.Warnings, w => w.Contains("libnothere.so.1") && w.Contains(ReadlinkF(path)!));
        Assert.Contains(c.Libraries, l => Path.GetFileName(l) == "libc.so.6");
        Assert.Empty(CompareWithLdd(path, c));
    }

    [Fact]
    public async Task A_FIFO_where_a_program_is_expected_does_not_hang()
    {
        string dir = TempDir();
        string fifo = Path.Combine(dir, "fifo");
        using (var p = System.Diagnostics.Process.Start("mkfifo", [fifo])) await p.WaitForExitAsync();
        string script = Path.Combine(dir, "script");
        File.WriteAllText(script, $"#!{fifo}\n");
        var direct = Task.Run(() => Assert.Throws<UnauthorizedAccessException>(() => ExecutableDependencies.Resolve(fifo)));
        var asInterpreter = Task.Run(() => ExecutableDependencies.Resolve(script));
        var all = Task.WhenAll(direct, asInterpreter);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)))); // blocked on open otherwise
        Assert.Contains((await asInterpreter).Warnings, w => w.Contains("not a regular file"));
    }
}
