using System.Text.Json;
using Sandtrace.Toml;
using TomlDecoder;
using Xunit;
using Xunit.Abstractions;

namespace Sandtrace.Tests.Toml;

/// <summary>
/// Runs every TOML 1.0 case of the language-agnostic toml-test suite (the list in tests/files-toml-1.0.0):
/// valid documents must decode to the expected tagged JSON, invalid ones must be rejected with a
/// TomlException. All failures are reported together. A missing suite is a failure, not a skip.
/// </summary>
public sealed class TomlTestSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_toml_1_0_case_passes()
    {
        string suite = TestPaths.TomlTestDir;
        string listFile = Path.Combine(suite, "tests", "files-toml-1.0.0");
        Assert.True(File.Exists(listFile),
            $"toml-test suite not found: expected the case list at {listFile} (the suite belongs at <repo root>/../shared/toml-test)");

        var failures = new List<string>();
        int validTotal = 0, validPassed = 0, invalidTotal = 0, invalidPassed = 0;
        foreach (string line in File.ReadLines(listFile))
        {
            string rel = line.Trim();
            if (!rel.EndsWith(".toml", StringComparison.Ordinal))
                continue; // the expected-output .json files are listed too; they are read with their .toml
            string tomlPath = Path.Combine(suite, "tests", rel);
            if (rel.StartsWith("valid/", StringComparison.Ordinal))
            {
                validTotal++;
                if (RunValid(tomlPath, rel, failures))
                    validPassed++;
            }
            else if (rel.StartsWith("invalid/", StringComparison.Ordinal))
            {
                invalidTotal++;
                if (RunInvalid(tomlPath, rel, failures))
                    invalidPassed++;
            }
            else
                failures.Add($"{rel}: listed case is neither valid/ nor invalid/");
        }

        output.WriteLine($"toml-test 1.0: valid {validPassed}/{validTotal}, invalid {invalidPassed}/{invalidTotal}");
        Assert.True(validTotal > 0 && invalidTotal > 0, $"{listFile} lists no cases");
        Assert.True(failures.Count == 0,
            $"toml-test 1.0: valid {validPassed}/{validTotal}, invalid {invalidPassed}/{invalidTotal}; "
            + $"{failures.Count} failure(s):\n" + string.Join("\n", failures));
    }

    static bool RunValid(string tomlPath, string rel, List<string> failures)
    {
        string jsonPath = Path.ChangeExtension(tomlPath, ".json");
        if (!File.Exists(tomlPath) || !File.Exists(jsonPath))
        {
            failures.Add($"{rel}: case file or its expected .json is missing");
            return false;
        }
        TomlDocument doc;
        try
        {
            doc = TomlParser.Parse(File.ReadAllBytes(tomlPath), rel);
        }
        catch (TomlException e)
        {
            failures.Add($"{rel}: rejected a valid document: {e.Message}");
            return false;
        }
        using var expected = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        using var actual = JsonDocument.Parse(Render(doc));
        var diffs = new List<string>();
        TaggedJsonComparer.Compare(expected.RootElement, actual.RootElement, "$", diffs);
        if (diffs.Count == 0)
            return true;
        failures.Add($"{rel}: {string.Join("; ", diffs)}");
        return false;
    }

    static bool RunInvalid(string tomlPath, string rel, List<string> failures)
    {
        if (!File.Exists(tomlPath))
        {
            failures.Add($"{rel}: case file is missing");
            return false;
        }
        try
        {
            var doc = TomlParser.Parse(File.ReadAllBytes(tomlPath), rel);
            failures.Add($"{rel}: accepted an invalid document: {System.Text.Encoding.UTF8.GetString(Render(doc))}");
            return false;
        }
        catch (TomlException e) when (e.Line >= 1 && e.Column >= 1)
        {
            return true;
        }
    }

    static byte[] Render(TomlDocument doc)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
            TaggedJsonWriter.Write(json, doc.Root);
        return stream.ToArray();
    }
}
