using System.Text;
using Sandtrace.Toml;
using Xunit;

namespace Sandtrace.Tests.Toml;

/// <summary>Line/column of values, keys and errors: what policy messages like "policy.toml:12:5" rely on.</summary>
public sealed class TomlPositionTests
{
    [Fact]
    public void Values_keys_and_tables_know_where_they_start()
    {
        var doc = TomlParser.Parse("a = 1\n\n[limits]\n  timeout = 30\n  paths = [\"/usr\",\n    \"/lib\"]\n");
        var root = doc.Root;
        Assert.Equal(new TomlPosition(1, 5), root["a"].Position);
        Assert.True(root.TryGetEntry("a", out var a));
        Assert.Equal(new TomlPosition(1, 1), a.KeyPosition);

        var limits = Assert.IsType<TomlTable>(root["limits"]);
        Assert.Equal(new TomlPosition(3, 1), limits.Position); // the header's '['
        Assert.True(limits.TryGetEntry("timeout", out var timeout));
        Assert.Equal(new TomlPosition(4, 3), timeout.KeyPosition);
        Assert.Equal(new TomlPosition(4, 13), timeout.Value.Position);

        var paths = Assert.IsType<TomlArray>(limits["paths"]);
        Assert.Equal(new TomlPosition(5, 11), paths.Position);
        Assert.Equal(new TomlPosition(5, 12), paths[0].Position);
        Assert.Equal(new TomlPosition(6, 5), paths[1].Position);
    }

    [Fact]
    public void Dotted_and_inline_positions()
    {
        var doc = TomlParser.Parse("net.allow = true\npt = { x = 1, y = 2 }\n");
        var net = Assert.IsType<TomlTable>(doc.Root["net"]);
        Assert.Equal(new TomlPosition(1, 1), net.Position);
        Assert.True(net.TryGetEntry("allow", out var allow));
        Assert.Equal(new TomlPosition(1, 5), allow.KeyPosition);
        Assert.Equal(new TomlPosition(1, 13), allow.Value.Position);
        var pt = Assert.IsType<TomlTable>(doc.Root["pt"]);
        Assert.Equal(new TomlPosition(2, 6), pt.Position);
        Assert.Equal(new TomlPosition(2, 19), pt["y"].Position);
    }

    [Fact]
    public void Columns_count_code_points_not_utf16_units_or_bytes()
    {
        // 'é' is 2 UTF-8 bytes, '😀' is 2 UTF-16 units and 4 bytes: each is still one column.
        const string text = "t = { s = \"é😀\", n = 1 } x";
        var e1 = Assert.Throws<TomlException>(() => TomlParser.Parse(text));
        var e2 = Assert.Throws<TomlException>(() => TomlParser.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(new TomlPosition(1, 25), e1.Position);
        Assert.Equal(e1.Message, e2.Message);

        var doc = TomlParser.Parse(text[..^2]);
        var t = Assert.IsType<TomlTable>(doc.Root["t"]);
        Assert.Equal(new TomlPosition(1, 21), t["n"].Position);
    }

    [Fact]
    public void Crlf_and_bom_do_not_shift_positions()
    {
        var doc = TomlParser.Parse("\uFEFFa = 1\r\nb = 2\r\n");
        Assert.Equal(new TomlPosition(1, 5), doc.Root["a"].Position);
        Assert.Equal(new TomlPosition(2, 5), doc.Root["b"].Position);
    }

    [Fact]
    public void Error_reports_line_column_and_source_name()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("[network]\nallow true\n", "policy.toml"));
        Assert.Equal(2, e.Line);
        Assert.Equal(7, e.Column);
        Assert.Equal("policy.toml", e.SourceName);
        Assert.Equal("expected '=' after key 'allow', found 't'", e.Reason);
        Assert.Equal("policy.toml:2:7: expected '=' after key 'allow', found 't'", e.Message);
    }

    [Fact]
    public void Error_without_source_name_starts_with_the_position()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\nb = 0x\n"));
        Assert.Equal("2:5: invalid integer: missing digits: '0x'", e.Message);
    }

    [Fact]
    public void Duplicate_key_points_at_the_second_key()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("[limits]\ntimeout = 1\n  timeout = 2\n"));
        Assert.Equal(new TomlPosition(3, 3), e.Position);
        Assert.Equal("duplicate key 'limits.timeout'", e.Reason);
    }

    [Fact]
    public void Invalid_utf8_is_reported_where_it_occurs()
    {
        byte[] bytes = [.. "a = 1\n# é "u8, 0xC3, 0x28, .. "\n"u8];
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes, "p.toml"));
        Assert.Equal("p.toml:2:5: invalid UTF-8", e.Message);
    }

    [Fact]
    public void Error_inside_a_multi_line_string_has_the_right_line()
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse("s = \"\"\"\nline one\n  bad \\q escape\n\"\"\"\n"));
        Assert.Equal(new TomlPosition(3, 7), e.Position);
        Assert.Equal("invalid escape sequence '\\q'", e.Reason);
    }
}
