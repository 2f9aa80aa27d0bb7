using Sandtrace.Native;

namespace Sandtrace.Tests.Support;

/// <summary>
/// Scratch directories for tests, all under one directory per test process: the suite creates thousands per run, and
/// leaving them behind filled the machine's /tmp. The directory is removed when the process exits — unless the test
/// runner kills the test host first, as vstest does when its exit takes long; so each test process also removes what
/// earlier, no longer running, test processes of the same user left.
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

    const string Prefix = "sandtrace-tests-";

    static string CreateRoot()
    {
        RemoveStale();
        string root = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
        // 0755: some tests hand a directory to a sandboxed program running as another user.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(root);
        return root;
    }

    /// <summary>Roots of test processes that are gone (<c>sandtrace-tests-PID-*</c>, PID not running), if they are ours.</summary>
    static void RemoveStale()
    {
        if (!OperatingSystem.IsLinux()) return;
        uint me = Libc.GetEuid();
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string[] parts = Path.GetFileName(dir).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], out int pid) || Directory.Exists($"/proc/{pid}")) continue;
            // Only a real directory of this user: never a symlink or a tree someone else planted under that name.
            long mode = PathStat.LinkMode(dir);
            if (mode < 0 || (mode & PathStat.S_IFMT) != PathStat.S_IFDIR || PathStat.LinkOwner(dir) != me) continue;
            Remove(dir);
        }
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
