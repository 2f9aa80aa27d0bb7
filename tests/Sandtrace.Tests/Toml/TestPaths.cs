namespace Sandtrace.Tests.Toml;

/// <summary>Locates the repository, the shared toml-test suite beside it, and the built decoder tool.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The suite lives next to the repository: &lt;repo root&gt;/../shared/toml-test.</summary>
    public static string TomlTestDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "toml-test"));

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "sandtrace.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no sandtrace.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// TomlDecoder.dll built with the same configuration and target framework as this test assembly: the test
    /// project's output is tests/Sandtrace.Tests/bin/&lt;Config&gt;/&lt;tfm&gt;/, the tool's is
    /// tools/TomlDecoder/bin/&lt;Config&gt;/&lt;tfm&gt;/ (the test project references it, so it is built first).
    /// </summary>
    public static string DecoderDll()
    {
        string testProjectDir = Path.Combine(RepoRoot, "tests", "Sandtrace.Tests");
        string outputSuffix = Path.GetRelativePath(testProjectDir, AppContext.BaseDirectory);
        string dll = Path.GetFullPath(Path.Combine(RepoRoot, "tools", "TomlDecoder", outputSuffix, "TomlDecoder.dll"));
        if (!File.Exists(dll))
            throw new FileNotFoundException($"TomlDecoder was not built: {dll} is missing", dll);
        return dll;
    }
}
