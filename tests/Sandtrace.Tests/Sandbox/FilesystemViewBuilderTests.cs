using System.Runtime.Versioning;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>The filesystem view computed from roots, the program's files and deny rules — in particular that the
/// planner's shared name resolver (one memo for the program's closure and the view) changes nothing.</summary>
[SupportedOSPlatform("linux")]
public class FilesystemViewBuilderTests
{
    [Theory]
    [InlineData("/bin/true")]
    [InlineData("/bin/ls")]
    [InlineData("/usr/bin/env")]
    public void A_resolver_shared_with_the_programs_closure_gives_the_same_view(string program)
    {
        string[] read = ["/usr", "/etc", "/lib64", "/bin"];
        string[] deny = ["/etc/shadow", "/etc/ssl/private"];
        var own = ExecutableDependencies.Resolve(program);
        var alone = FilesystemViewBuilder.Build(read, [], Files(own), deny);

        var shared = new RealPath();
        var closure = ExecutableDependencies.Resolve(program, null, shared);
        Assert.Equal(own.Executables, closure.Executables);
        Assert.Equal(own.Libraries, closure.Libraries);
        var view = FilesystemViewBuilder.Build(read, [], Files(closure), deny, shared);

        Assert.Equal(alone.Binds, view.Binds);
        Assert.Equal(alone.Symlinks, view.Symlinks);
        Assert.Equal(alone.Masks, view.Masks);
        Assert.Equal(alone.Warnings, view.Warnings);
        // Debian 12's merged /usr: /lib64 is a link to usr/lib64, recreated so the loader's path works inside.
        if (new FileInfo("/lib64").LinkTarget is string target && program != "/usr/bin/env")
            Assert.Contains(("/lib64", target), view.Symlinks);
    }

    [Fact]
    public void A_denied_path_reached_through_a_link_is_masked_at_its_target_and_the_link_is_not_recreated()
    {
        string root = TestTemp.Dir("view-mask");
        string inside = Path.Combine(root, "allowed");
        string secrets = Path.Combine(inside, "secrets");
        Directory.CreateDirectory(secrets);
        File.WriteAllText(Path.Combine(secrets, "token"), "x");
        // A link outside every root that points into the allowed tree, named by the deny rule.
        string outside = Path.Combine(root, "elsewhere");
        Directory.CreateDirectory(outside);
        string link = Path.Combine(outside, "token-link");
        File.CreateSymbolicLink(link, Path.Combine(secrets, "token"));

        var view = FilesystemViewBuilder.Build([inside], [], [], [link, secrets]);

        Assert.Contains((Path.Combine(secrets, "token"), false, link), view.Masks);
        Assert.Contains((secrets, true, secrets), view.Masks);
        Assert.DoesNotContain(view.Symlinks, s => s.Link == link);
        Assert.Equal([inside], view.ReadRoots);
    }

    [Fact]
    public void A_root_given_through_a_link_and_dot_dot_is_bound_at_its_real_path_and_the_link_recreated()
    {
        string root = TestTemp.Dir("view-link");
        string real = Path.Combine(root, "real");
        Directory.CreateDirectory(Path.Combine(real, "sub"));
        string link = Path.Combine(root, "alias");
        Directory.CreateSymbolicLink(link, "real");

        var view = FilesystemViewBuilder.Build([Path.Combine(link, "sub", "..")], [Path.Combine(root, "missing")], [], []);

        Assert.Equal([real], view.ReadRoots);
        Assert.Contains((link, "real"), view.Symlinks);
        Assert.Contains(view.Warnings, w => w.Contains("missing") && w.StartsWith("allow_write"));
    }

    static List<string> Files(ExecutableClosure c)
    {
        var files = new List<string>(c.Executables);
        files.AddRange(c.Libraries);
        return files;
    }
}
