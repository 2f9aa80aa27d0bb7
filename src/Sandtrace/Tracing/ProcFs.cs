namespace Sandtrace.Tracing;

/// <summary>Small reads from the host's /proc about a tracee (rare events only: exec, new tasks).</summary>
internal static class ProcFs
{
    public static string? Comm(int pid) => ReadTrimmed($"/proc/{pid}/comm");

    public static string? Exe(int pid) => Link($"/proc/{pid}/exe");

    /// <summary>A /proc symlink's target (cwd, fd/N), or null.</summary>
    public static string? Link(string path)
    {
        try { return new FileInfo(path).LinkTarget; } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public static string[]? Cmdline(int pid)
    {
        try
        {
            var s = File.ReadAllText($"/proc/{pid}/cmdline");
            return s.Length == 0 ? [] : s.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The thread-group id from /proc/PID/status, or 0 if the task is gone.</summary>
    public static int Tgid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("Tgid:", StringComparison.Ordinal)) return int.Parse(line.AsSpan(5).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }

    static string? ReadTrimmed(string path)
    {
        try { return File.ReadAllText(path).TrimEnd('\n'); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
