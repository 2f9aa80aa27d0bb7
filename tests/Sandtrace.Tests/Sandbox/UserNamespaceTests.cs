using System.Text;
using Sandtrace.Sandbox;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>Root's id map: every id its own user namespace maps, each to itself.</summary>
public sealed class UserNamespaceTests
{
    static string Identity(string ownMap) => Encoding.ASCII.GetString(UserNamespace.IdentityOf(Encoding.ASCII.GetBytes(ownMap)));

    [Fact]
    public void In_the_initial_namespace_every_id_maps_to_itself() =>
        Assert.Equal("0 0 4294967295\n", Identity("         0          0 4294967295\n"));

    [Fact]
    public void In_a_nested_namespace_only_the_ids_it_has_map_to_themselves()
    {
        // `unshare -Ur` as uid 1000 with subordinate ids: the kernel's format, padded to ten columns.
        Assert.Equal("0 0 1\n1 1 65536\n", Identity("         0       1000          1\n         1     100000      65536\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("0 0\n")]
    [InlineData("0 0 0\n")]
    public void A_map_without_a_valid_line_gives_nothing(string ownMap) => Assert.Equal("", Identity(ownMap));

    [Fact]
    public void The_own_map_of_this_process_parses() =>
        Assert.NotEmpty(UserNamespace.IdentityOf(File.ReadAllBytes("/proc/self/uid_map")));
}
