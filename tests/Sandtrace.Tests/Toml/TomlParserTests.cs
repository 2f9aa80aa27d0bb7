using Sandtrace.Toml;
using Xunit;

namespace Sandtrace.Tests.Toml;

/// <summary>Behaviour the policy loader depends on, and the API surface the suite test does not exercise.</summary>
public sealed class TomlParserTests
{
    static TomlTable Root(string text) => TomlParser.Parse(text).Root;

    static TomlException Rejects(string text) => Assert.Throws<TomlException>(() => TomlParser.Parse(text));

    [Fact]
    public void Parses_the_documented_policy_format()
    {
        var root = Root("""
            [filesystem]
            allow_read = ["/usr", "/lib", "/lib64", "/etc/ld.so.cache", "/dev/null", "/proc/self"]
            allow_write = ["./output"]
            allow_exec = []
            deny = ["/home/*/.ssh", "/etc/shadow", "**/.env"]

            [network]
            allow = false

            [syscalls]
            deny = ["mount", "ptrace", "reboot"]
            log_only = ["mprotect", "mmap"]

            [limits]
            timeout = 30
            """);
        Assert.Equal(["filesystem", "network", "syscalls", "limits"], root.Keys);
        var fs = Assert.IsType<TomlTable>(root["filesystem"]);
        var read = Assert.IsType<TomlArray>(fs["allow_read"]);
        Assert.Equal(6, read.Count);
        Assert.Equal("/etc/ld.so.cache", Assert.IsType<TomlString>(read[3]).Value);
        Assert.Empty(Assert.IsType<TomlArray>(fs["allow_exec"]));
        Assert.False(Assert.IsType<TomlBoolean>(((TomlTable)root["network"])["allow"]).Value);
        Assert.Equal(30, Assert.IsType<TomlInteger>(((TomlTable)root["limits"])["timeout"]).Value);
        Assert.Equal(TomlTableOrigin.Header, ((TomlTable)root["limits"]).Origin);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+17", 17L)]
    [InlineData("-1_000", -1000L)]
    [InlineData("9_223_372_036_854_775_807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("0x7fffffffffffffff", long.MaxValue)]
    [InlineData("0o755", 493L)]
    [InlineData("0b1101", 13L)]
    public void Integers(string literal, long expected) =>
        Assert.Equal(expected, Assert.IsType<TomlInteger>(Root($"v = {literal}")["v"]).Value);

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x8000000000000000")]
    [InlineData("0b1_0000000000000000000000000000000000000000000000000000000000000000")]
    public void Integers_beyond_64_bits_are_rejected(string literal) =>
        Assert.Contains("does not fit in 64 bits", Rejects($"v = {literal}").Reason);

    [Theory]
    [InlineData("3.14", 3.14)]
    [InlineData("-0.0", -0.0)]
    [InlineData("6.626e-34", 6.626e-34)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("9_224_617.445_991", 9224617.445991)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("nan", double.NaN)]
    public void Floats(string literal, double expected)
    {
        var f = Assert.IsType<TomlFloat>(Root($"v = {literal}")["v"]);
        Assert.Equal(expected, f.Value);
        Assert.Equal(literal, f.RawText);
    }

    [Fact]
    public void Strings_of_all_four_kinds()
    {
        var root = Root(""""""
            basic = "tab\there \"q\" \u00e9 \U0001F600 \\"
            literal = 'C:\Users\nodejs\templates'
            ml = """
            Roses are red
            Violets are blue"""
            trimmed = """\
                   The quick \
                   fox."""
            quotes = """""two quotes inside"""""
            raw = '''
            first newline trimmed
              \n stays'''
            """""");
        Assert.Equal("tab\there \"q\" é 😀 \\", ((TomlString)root["basic"]).Value);
        Assert.Equal(@"C:\Users\nodejs\templates", ((TomlString)root["literal"]).Value);
        Assert.Equal("Roses are red\nViolets are blue", ((TomlString)root["ml"]).Value);
        Assert.Equal("The quick fox.", ((TomlString)root["trimmed"]).Value);
        Assert.Equal("\"\"two quotes inside\"\"", ((TomlString)root["quotes"]).Value);
        Assert.Equal("first newline trimmed\n  \\n stays", ((TomlString)root["raw"]).Value);
    }

    [Fact]
    public void Crlf_inside_multi_line_strings_becomes_lf() =>
        Assert.Equal("a\nb", ((TomlString)Root("s = \"\"\"a\r\nb\"\"\"\r\n")["s"]).Value);

    [Theory]
    [InlineData("s = \"\\uD800\"", "not a Unicode scalar value")]
    [InlineData("s = \"\\U00110000\"", "not a Unicode scalar value")]
    [InlineData("s = \"\\x41\"", "invalid escape sequence '\\x'")]
    [InlineData("s = \"a\u0001b\"", "control character U+0001")]
    [InlineData("s = 'a\rb'", "control character carriage return")]
    [InlineData("s = \"\"\"a\\ b\"\"\"", "line-ending backslash")]
    public void Bad_strings_are_rejected(string text, string reasonFragment) =>
        Assert.Contains(reasonFragment, Rejects(text).Reason);

    [Fact]
    public void A_lone_surrogate_in_a_dotnet_string_is_rejected() =>
        Assert.Contains("unpaired surrogate", Rejects("s = \"a\uD800b\"").Reason);

    [Fact]
    public void Date_times_keep_their_kind_components_and_text()
    {
        var root = Root("""
            odt = 1979-05-27 07:32:00.999999-07:00
            ldt = 1979-05-27T07:32:00
            ld = 2024-02-29
            lt = 23:59:60.5
            """);
        var odt = ((TomlDateTimeValue)root["odt"]).Value;
        Assert.Equal(TomlValueKind.OffsetDateTime, odt.Kind);
        Assert.Equal(-420, odt.OffsetMinutes);
        Assert.Equal(999_999_000, odt.Nanosecond);
        Assert.Equal("1979-05-27T07:32:00.999999-07:00", odt.ToString());
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_990), odt.ToDateTimeOffset());

        Assert.Equal(TomlValueKind.LocalDateTime, root["ldt"].Kind);
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0), ((TomlDateTimeValue)root["ldt"]).Value.ToDateTime());
        Assert.Equal(new DateOnly(2024, 2, 29), ((TomlDateTimeValue)root["ld"]).Value.ToDateOnly());

        var lt = ((TomlDateTimeValue)root["lt"]).Value;
        Assert.Equal(TomlValueKind.LocalTime, lt.Kind);
        Assert.Equal(60, lt.Second); // a leap second is valid TOML
        Assert.Equal("23:59:60.5", lt.ToString());
        Assert.Throws<InvalidOperationException>(() => lt.ToDateOnly());
    }

    [Theory]
    [InlineData("d = 2023-02-29")]
    [InlineData("d = 1900-02-29")]
    [InlineData("d = 2024-04-31")]
    [InlineData("d = 24:00:00")]
    [InlineData("d = 12:00")]
    [InlineData("d = 2024-01-01T00:00:00+24:00")]
    public void Impossible_date_times_are_rejected(string text) =>
        Assert.StartsWith("invalid date/time", Rejects(text).Reason);

    [Fact]
    public void Tables_dotted_keys_and_arrays_of_tables_combine()
    {
        var root = Root("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true

            [[products]]
            name = "Hammer"

            [[products]]

            [[products]]
            name = "Nail"
            [products.dims]
            w = 1
            """);
        var apple = (TomlTable)((TomlTable)root["fruit"])["apple"];
        Assert.Equal(["color", "taste", "texture"], apple.Keys);
        var products = Assert.IsType<TomlArray>(root["products"]);
        Assert.True(products.IsArrayOfTables);
        Assert.Equal(3, products.Count);
        Assert.Empty((TomlTable)products[1]);
        Assert.Equal(1, ((TomlInteger)((TomlTable)((TomlTable)products[2])["dims"])["w"]).Value);
    }

    [Theory]
    [InlineData("[a]\n[a]", "table 'a' is defined more than once")]
    [InlineData("[a]\nb.c = 1\n[a.b]", "table 'a.b' is already defined by dotted keys")]
    [InlineData("[a.b.c]\n[a]\nb.c.d = 1", "cannot add keys to table 'a.b.c' with dotted keys: it is defined by a header")]
    [InlineData("a = {b = 1}\na.c = 2", "cannot add keys to inline table 'a'")]
    [InlineData("a = {b = 1}\n[a.c]", "cannot add tables to inline table 'a'")]
    [InlineData("a = [1]\n[[a]]", "cannot append to 'a': it is an array value, not an array of tables")]
    [InlineData("[[a]]\n[a]", "'a' is already defined as an array of tables")]
    [InlineData("a = 1\na.b = 2", "key 'a' is already defined as an integer")]
    [InlineData("a = {b = 1,}", "trailing comma is not allowed in an inline table")]
    [InlineData("a = {b = 1,\n c = 2}", "an inline table must be on a single line (TOML 1.0)")]
    public void Redefinitions_are_rejected(string text, string reason) =>
        Assert.Equal(reason, Rejects(text).Reason);

    [Fact]
    public void An_implicit_table_may_be_defined_once_later()
    {
        var root = Root("[a.b.c]\nx = 1\n[a]\ny = 2\n");
        var a = (TomlTable)root["a"];
        Assert.Equal(TomlTableOrigin.Header, a.Origin);
        Assert.Equal(new TomlPosition(3, 1), a.Position);
        Assert.True(root.TryGetEntry("a", out var entry));
        Assert.Equal(new TomlPosition(3, 2), entry.KeyPosition);
        Assert.Equal(["b", "y"], a.Keys);
        Assert.Equal(TomlTableOrigin.Implicit, ((TomlTable)a["b"]).Origin);
    }

    [Fact]
    public void Deep_nesting_fails_cleanly_instead_of_overflowing_the_stack()
    {
        string deep = "a = " + new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("nested more than", Rejects(deep).Reason);
        Assert.IsType<TomlArray>(Root("a = " + new string('[', 100) + new string(']', 100))["a"]);
    }

    [Fact]
    public void Parse_file_names_the_file_in_errors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sandtrace-toml-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "ok = true\nbad = \n");
        try
        {
            var e = Assert.Throws<TomlException>(() => TomlParser.ParseFile(path));
            Assert.Equal($"{path}:2:7: expected a value, found end of line", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
