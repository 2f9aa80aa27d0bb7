using System.Runtime.Versioning;
using Sandtrace.Sandbox;
using Xunit;
using static Sandtrace.Tests.Sandbox.LoaderOracle;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// The loader's search rules on programs built for the purpose, each checked against ldd (which runs the real
/// loader): DT_RPATH inherited down the loading chain, DT_RUNPATH not, $ORIGIN / ${ORIGIN} / $LIB, objects of another
/// machine skipped, glibc-hwcaps variants, DF_1_NODEFLIB.
/// </summary>
[SupportedOSPlatform("linux")]
public class ExecutableDependenciesSearchTests
{
    /// <summary>root/lib: liba.so (needs libb.so, no search path of its own) and libb.so.</summary>
    sealed class Fixture
    {
        public string Root { get; } = TempDir();
        public string Lib => Path.Combine(Root, "lib");
        public string Bin => Path.Combine(Root, "bin");

        public Fixture()
        {
            Directory.CreateDirectory(Lib);
            Directory.CreateDirectory(Bin);
            Compile("int b(void){return 2;}", Path.Combine(Lib, "libb.so"), "-shared", "-fPIC", "-Wl,-soname,libb.so");
            Compile("int b(void); int a(void){return b()+1;}", Path.Combine(Lib, "liba.so"), "-shared", "-fPIC",
                "-Wl,-soname,liba.so", "-L" + Lib, "-lb");
        }

        /// <summary>A program needing liba.so, with the given search path flags.</summary>
        public string Program(string name, params string[] flags)
        {
            string path = Path.Combine(Bin, name);
            Compile("int a(void); int main(void){return a()==3?0:1;}", path,
                [.. flags, "-L" + Lib, "-Wl,-rpath-link," + Lib, "-Wl,--no-as-needed", "-la"]);
            return path;
        }

        public string CopyLibs(string subdir)
        {
            string dir = Path.Combine(Root, subdir);
            Directory.CreateDirectory(dir);
            foreach (var f in new[] { "liba.so", "libb.so" }) File.Copy(Path.Combine(Lib, f), Path.Combine(dir, f), overwrite: true);
            return dir;
        }
    }

    static ExecutableClosure ResolveAndCompare(string program)
    {
        var c = ExecutableDependencies.Resolve(program);
        var problems = CompareWithLdd(program, c);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + Describe(c) + "\nldd:\n" + Ldd(program).Raw);
        return c;
    }

    [Fact]
    public void The_programs_DT_RPATH_also_serves_the_libraries_it_loads()
    {
        var f = new Fixture();
        var c = ResolveAndCompare(f.Program("main-rpath", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib"));
        Assert.Contains(Path.Combine(f.Lib, "liba.so"), c.Libraries);
        Assert.Contains(Path.Combine(f.Lib, "libb.so"), c.Libraries); // found through main's RPATH, for liba
        Assert.Empty(c.Warnings);
    }

    [Fact]
    public void DT_RUNPATH_serves_only_the_object_that_has_it()
    {
        var f = new Fixture();
        string program = f.Program("main-runpath", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib");
        var c = ResolveAndCompare(program);
        Assert.Contains(Path.Combine(f.Lib, "liba.so"), c.Libraries);
        Assert.Contains(c.Warnings, w => w.Contains("libb.so") && w.Contains(Path.Combine(f.Lib, "liba.so")));
        Assert.Contains("libb.so", Ldd(program).NotFound);
    }

    [Fact]
    public void A_library_RUNPATH_with_braced_ORIGIN_is_relative_to_the_library()
    {
        var f = new Fixture();
        string lib2 = Path.Combine(f.Root, "lib2");
        Directory.CreateDirectory(lib2);
        File.Copy(Path.Combine(f.Lib, "libb.so"), Path.Combine(lib2, "libb.so"));
        Compile("int b(void); int a(void){return b()+1;}", Path.Combine(lib2, "liba.so"), "-shared", "-fPIC",
            "-Wl,-soname,liba.so", "-L" + lib2, "-lb", "-Wl,--enable-new-dtags", "-Wl,-rpath,${ORIGIN}");
        var c = ResolveAndCompare(f.Program("main-lib2", "-Wl,--enable-new-dtags", "-Wl,-rpath,${ORIGIN}/../lib2"));
        Assert.Contains(Path.Combine(lib2, "libb.so"), c.Libraries);
        Assert.DoesNotContain(Path.Combine(f.Lib, "libb.so"), c.Libraries);
        Assert.Empty(c.Warnings);
    }

    [Fact]
    public void LIB_expands_like_the_loader_does()
    {
        var f = new Fixture();
        foreach (var d in new[] { "lib64", "lib/x86_64-linux-gnu", "usr/lib64" }) f.CopyLibs(d);
        var c = ResolveAndCompare(f.Program("main-lib", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../$LIB"));
        Assert.Empty(c.Warnings);
    }

    [Fact]
    public void A_library_for_another_machine_is_skipped_and_the_search_goes_on()
    {
        var f = new Fixture();
        string wrong = f.CopyLibs("wrong");
        byte[] bytes = File.ReadAllBytes(Path.Combine(wrong, "liba.so"));
        bytes[18] = 183; // e_machine = EM_AARCH64
        bytes[19] = 0;
        File.WriteAllBytes(Path.Combine(wrong, "liba.so"), bytes);
        var c = ResolveAndCompare(f.Program("main-skip", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../wrong:$ORIGIN/../lib"));
        Assert.DoesNotContain(Path.Combine(wrong, "liba.so"), c.Libraries);
        Assert.Contains(Path.Combine(f.Lib, "liba.so"), c.Libraries);
        Assert.Contains(Path.Combine(wrong, "libb.so"), c.Libraries); // liba searches main's RPATH too: wrong/ first
    }

    [Fact]
    public void Glibc_hwcaps_variants_are_included_with_the_plain_file()
    {
        var f = new Fixture();
        string hw = f.CopyLibs("hw");
        string v2 = Path.Combine(hw, "glibc-hwcaps", "x86-64-v2");
        Directory.CreateDirectory(v2);
        File.Copy(Path.Combine(hw, "liba.so"), Path.Combine(v2, "liba.so"));
        var c = ResolveAndCompare(f.Program("main-hw", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../hw"));
        Assert.Contains(Path.Combine(v2, "liba.so"), c.Libraries);
        Assert.Contains(Path.Combine(hw, "liba.so"), c.Libraries);
    }

    [Fact]
    public void NODEFLIB_skips_the_cache_and_the_default_directories()
    {
        var f = new Fixture();
        string program = f.Program("main-nodeflib", "-Wl,-z,nodefaultlib", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib");
        var c = ResolveAndCompare(program);
        Assert.Contains(c.Warnings, w => w.Contains("libc.so.6") && w.Contains(program));
    }

    [Fact]
    public void ORIGIN_of_the_program_is_its_real_directory()
    {
        var f = new Fixture();
        f.Program("main-origin", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib");
        // Started through a link in another directory: the loader takes $ORIGIN from /proc/self/exe (the real path).
        string elsewhere = TempDir();
        string link = Path.Combine(elsewhere, "main");
        File.CreateSymbolicLink(link, Path.Combine(f.Bin, "main-origin"));
        var c = ResolveAndCompare(link);
        Assert.Contains(link, c.Symlinks);
        Assert.Contains(Path.Combine(f.Lib, "liba.so"), c.Libraries);
    }
}
