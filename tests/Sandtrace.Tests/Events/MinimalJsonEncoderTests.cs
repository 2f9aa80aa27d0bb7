using System.Buffers;
using System.Text;
using System.Text.Json;
using Sandtrace.Events;
using Xunit;

namespace Sandtrace.Tests.Events;

/// <summary>The JSONL writer's encoder: only what JSON requires is escaped, the output always parses back.</summary>
public class MinimalJsonEncoderTests
{
    static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance, SkipValidation = true }))
            write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("plain /usr/bin/true")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("controls \b\f\n\r\t \u0001 \u001f end")]
    [InlineData("ünïcödé ✓ 日本 emoji 😀 <>&'+ \u2028")]
    [InlineData("")]
    public void Strings_round_trip_through_a_json_parser(string value)
    {
        foreach (var json in new[]
        {
            Write(w => { w.WriteStartObject(); w.WriteString("k", value); w.WriteEndObject(); }),
            Write(w => { w.WriteStartObject(); w.WriteString("k"u8, Encoding.UTF8.GetBytes(value)); w.WriteEndObject(); }),
        })
        {
            Assert.Equal(value, JsonDocument.Parse(json).RootElement.GetProperty("k").GetString());
            Assert.DoesNotContain(json, c => c < 0x20);
        }
    }

    [Fact]
    public void Only_the_required_characters_are_escaped()
    {
        string json = Write(w => { w.WriteStartObject(); w.WriteString("k", "a\"b\\c\nd\u0007é😀<>&"); w.WriteEndObject(); });
        Assert.Equal("{\"k\":\"a\\\"b\\\\c\\nd\\u0007é😀<>&\"}", json);
    }

    [Fact]
    public void Ill_formed_input_becomes_a_replacement_character()
    {
        string fromUtf16 = Write(w => { w.WriteStartObject(); w.WriteString("k", "x\ud800y"); w.WriteEndObject(); });
        Assert.Equal("x\uFFFDy", JsonDocument.Parse(fromUtf16).RootElement.GetProperty("k").GetString());
        string fromUtf8 = Write(w => { w.WriteStartObject(); w.WriteString("k"u8, [(byte)'x', 0xff, 0xc3, (byte)'y']); w.WriteEndObject(); });
        var got = JsonDocument.Parse(fromUtf8).RootElement.GetProperty("k").GetString()!;
        Assert.StartsWith("x\uFFFD", got);
        Assert.EndsWith("y", got);
    }

    /// <summary>The position of the first byte to escape or replace after a long run of plain ASCII (longer than a vector
    /// register, for any implementation that scans in blocks): well-formed multi-byte characters are passed over.</summary>
    [Theory]
    [InlineData(200, "", -1)]
    [InlineData(100, "\"", 100)]
    [InlineData(70, "é日😀\\", 70 + 2 + 3 + 4)]
    [InlineData(33, "ü\u0001", 35)]
    [InlineData(64, "\u007f~", -1)]
    public void The_first_byte_to_encode_is_found_past_plain_ascii(int plain, string tail, int expected)
    {
        var text = Encoding.UTF8.GetBytes(new string('a', plain) + tail + new string('z', 40));
        Assert.Equal(expected, MinimalJsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(text));
    }

    [Fact]
    public void An_ill_formed_byte_after_plain_ascii_is_found()
    {
        var text = Encoding.ASCII.GetBytes(new string('a', 90)).Concat(new byte[] { 0xc3 }).Concat(Encoding.ASCII.GetBytes("tail")).ToArray();
        Assert.Equal(90, MinimalJsonEncoder.Instance.FindFirstCharacterToEncodeUtf8(text));
    }
}
