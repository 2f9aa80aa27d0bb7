using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Sandtrace.Tests.Toml;

/// <summary>Runs the built TomlDecoder tool as a process to prove it speaks the toml-test decoder protocol.</summary>
public sealed class TomlDecoderProcessTests
{
    static (int ExitCode, string Stdout, string Stderr) RunDecoder(byte[] input)
    {
        // The SDK exports DOTNET_HOST_PATH to test runs; fall back to dotnet on PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestPaths.DecoderDll());
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            Assert.Fail("TomlDecoder did not exit within 30 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Valid_document_prints_tagged_json_and_exits_0()
    {
        var (exit, stdout, stderr) = RunDecoder(Encoding.UTF8.GetBytes(
            "title = \"é\"\n[limits]\ntimeout = 30\nratio = 0.5\nat = 1979-05-27T07:32:00Z\nlist = [true, 1979-05-27]\n"));
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("string", root.GetProperty("title").GetProperty("type").GetString());
        Assert.Equal("é", root.GetProperty("title").GetProperty("value").GetString());
        var limits = root.GetProperty("limits");
        Assert.Equal("integer", limits.GetProperty("timeout").GetProperty("type").GetString());
        Assert.Equal("30", limits.GetProperty("timeout").GetProperty("value").GetString());
        Assert.Equal("0.5", limits.GetProperty("ratio").GetProperty("value").GetString());
        Assert.Equal("datetime", limits.GetProperty("at").GetProperty("type").GetString());
        Assert.Equal("1979-05-27T07:32:00Z", limits.GetProperty("at").GetProperty("value").GetString());
        var list = limits.GetProperty("list");
        Assert.Equal("bool", list[0].GetProperty("type").GetString());
        Assert.Equal("date-local", list[1].GetProperty("type").GetString());
    }

    [Fact]
    public void Invalid_document_prints_the_error_and_exits_1()
    {
        var (exit, stdout, stderr) = RunDecoder("a = 1\na = 2\n"u8.ToArray());
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal("<stdin>:2:1: duplicate key 'a'", stderr.Trim());
    }

    [Fact]
    public void Invalid_utf8_is_rejected_by_the_tool()
    {
        var (exit, _, stderr) = RunDecoder([.. "a = \""u8, 0xFF, .. "\"\n"u8]);
        Assert.Equal(1, exit);
        Assert.Equal("<stdin>:1:6: invalid UTF-8", stderr.Trim());
    }
}
