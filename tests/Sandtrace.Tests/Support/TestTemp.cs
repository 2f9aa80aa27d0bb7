namespace Sandtrace.Tests.Support;

/// <summary>
/// Scratch directories for tests, all under one directory per test process that is removed when the process
/// exits: the suite creates thousands per run, and leaving them behind filled the machine's /tmp.
/// </summary>
internal static class TestTemp
{
    static readonly Lazy<string> Root = new(CreateRoot);

    /// <summary>A new empty directory named <paramref name="prefix"/> plus a random suffix.</summary>
    public static string Dir(string prefix)
    {
        string d = Path.Combine(Root.Value, prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    static string CreateRoot()
    {
        string root = Directory.CreateTempSubdirectory($"sandtrace-tests-{Environment.ProcessId}-").FullName;
        // 0755: some tests hand a directory to a sandboxed program running as another user.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(root);
        return root;
    }

    /// <summary>Deletes a tree whose directories a test may have left without write or search permission.</summary>
    static void Remove(string root)
    {
        try
        {
            foreach (var d in Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
                if (!File.GetAttributes(d).HasFlag(FileAttributes.ReparsePoint)) TryMakeWritable(d);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"note: could not remove test scratch directory {root}: {e.Message}");
        }
    }

    static void TryMakeWritable(string d)
    {
        if (!OperatingSystem.IsLinux()) return;
        try { File.SetUnixFileMode(d, File.GetUnixFileMode(d) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
