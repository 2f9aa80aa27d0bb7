using System.Text.Json;
using Xunit;

namespace Sandtrace.Tests.Toml;

/// <summary>The suite test is only as strict as its comparer: prove it tells equal from different.</summary>
public sealed class TaggedJsonComparerTests
{
    static List<string> Diff(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var diffs = new List<string>();
        TaggedJsonComparer.Compare(e.RootElement, a.RootElement, "$", diffs);
        return diffs;
    }

    static string V(string type, string value) => $$"""{"type":"{{type}}","value":"{{value}}"}""";

    [Theory]
    [InlineData("float", "1.0", "1")]
    [InlineData("float", "nan", "nan")]
    [InlineData("float", "-nan", "nan")]
    [InlineData("float", "+inf", "inf")]
    [InlineData("float", "1e3", "1000")]
    [InlineData("integer", "-0", "0")]
    [InlineData("datetime", "1987-07-05T17:45:56.600Z", "1987-07-05T17:45:56.6Z")]
    [InlineData("datetime", "1987-07-05T17:45:56Z", "1987-07-05T18:45:56+01:00")]
    [InlineData("datetime-local", "1987-07-05 17:45:00", "1987-07-05T17:45:00")]
    [InlineData("time-local", "10:32:00.555000", "10:32:00.555")]
    public void Equal_values(string type, string a, string b) =>
        Assert.Empty(Diff($$"""{"k":{{V(type, a)}}}""", $$"""{"k":{{V(type, b)}}}"""));

    [Theory]
    [InlineData("float", "0.0", "-0.0")]
    [InlineData("float", "nan", "inf")]
    [InlineData("integer", "1", "2")]
    [InlineData("string", "a", "A")]
    [InlineData("datetime", "1987-07-05T17:45:56Z", "1987-07-05T17:45:56+01:00")]
    [InlineData("datetime-local", "1987-07-05T17:45:00", "1987-07-05T17:45:00.001")]
    [InlineData("date-local", "1987-07-05", "1987-07-06")]
    public void Different_values(string type, string a, string b) =>
        Assert.NotEmpty(Diff($$"""{"k":{{V(type, a)}}}""", $$"""{"k":{{V(type, b)}}}"""));

    [Fact]
    public void Type_mismatch_is_a_difference() =>
        Assert.NotEmpty(Diff($$"""{"k":{{V("datetime-local", "1987-07-05T17:45:00")}}}""",
                             $$"""{"k":{{V("datetime", "1987-07-05T17:45:00Z")}}}"""));

    [Fact]
    public void Structure_differences_are_reported()
    {
        Assert.Single(Diff($$"""{"a":{{V("integer", "1")}}}""", """{}"""));
        Assert.Single(Diff("""{}""", $$"""{"a":{{V("integer", "1")}}}"""));
        Assert.Single(Diff($$"""{"a":[{{V("integer", "1")}}]}""", """{"a":[]}"""));
        // A table with keys "type" and "value" is not a scalar.
        string table = "{\"a\":{\"type\":" + V("string", "x") + ",\"value\":" + V("string", "y") + "}}";
        Assert.Single(Diff(table, "{\"a\":" + V("string", "x") + "}"));
    }
}
