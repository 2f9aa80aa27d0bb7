using System.Globalization;
using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>Small reads from the host's /proc about a tracee (exec, new tasks, the directory of a failed call's relative path; CPU placement samples).</summary>
internal static class ProcFs
{
    /// <summary>The task's command name (at most 15 bytes in the kernel), or null if the task is gone.</summary>
    public static string? Comm(int pid)
    {
        Span<byte> buf = stackalloc byte[64];
        int n = SmallFile.Read(PathOf(pid, "comm"), buf);
        if (n < 0) return null;
        while (n > 0 && buf[n - 1] == (byte)'\n') n--;
        return System.Text.Encoding.UTF8.GetString(buf[..n]);
    }

    public static string? Exe(int pid) => Link(PathOf(pid, "exe"));

    /// <summary>A /proc symlink's target (cwd, fd/N), or null.</summary>
    public static string? Link(string path) => PathStat.ReadLink(path);

    /// <summary>The directory a relative path of a call is resolved against: the task's working directory for
    /// AT_FDCWD (-100), else what descriptor <paramref name="dirfd"/> refers to. Null if unknown.</summary>
    public static string? BaseDirectory(int pid, long dirfd = AtFdCwd)
    {
        Span<byte> target = stackalloc byte[CPath.Max];
        int n = BaseDirectory(pid, dirfd, target);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(target[..n]);
    }

    /// <summary><see cref="BaseDirectory(int, long)"/> written to <paramref name="dest"/> without allocating: its length,
    /// or -1 if unknown.</summary>
    public static int BaseDirectory(int pid, long dirfd, Span<byte> dest)
    {
        Span<byte> path = stackalloc byte[48];
        int n = TaskDirectory(path, pid);
        if (dirfd == AtFdCwd) n = Append(path, n, "/cwd"u8);
        else
        {
            n = Append(path, n, "/fd/"u8);
            n += dirfd.TryFormat(path[n..], out int w, default, CultureInfo.InvariantCulture) ? w : 0;
        }
        path[n] = 0;
        return PathStat.ReadLink(path[..(n + 1)], dest);
    }

    /// <summary>Writes "/proc/PID" to <paramref name="dest"/>: its length.</summary>
    static int TaskDirectory(Span<byte> dest, int pid)
    {
        int n = Append(dest, 0, "/proc/"u8);
        return n + (pid.TryFormat(dest[n..], out int w, default, CultureInfo.InvariantCulture) ? w : 0);
    }

    static int Append(Span<byte> dest, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(dest[at..]);
        return at + text.Length;
    }

    /// <summary>A path named by a task, absolute: relative ones joined to its working directory (or "/").</summary>
    public static string Absolute(int pid, string path) =>
        path.StartsWith('/') ? path : Path.Join(BaseDirectory(pid) ?? "/", path);

    const long AtFdCwd = -100;

    /// <summary>/proc/PID/LEAF (also the child's id maps, written by the tracer thread). Concatenated, not interpolated:
    /// an interpolated string's first use on a thread sets up that thread's array pool, and the first one on the tracer
    /// thread would be on the start's critical path or at the target's exec event.</summary>
    public static string PathOf(int pid, string leaf) => string.Concat("/proc/", pid.ToString(CultureInfo.InvariantCulture), "/", leaf);

    public static string[]? Cmdline(int pid)
    {
        try
        {
            var s = File.ReadAllText(PathOf(pid, "cmdline"));
            return s.Length == 0 ? [] : s.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The thread-group id from /proc/PID/status, or 0 if the task is gone.</summary>
    public static int Tgid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines(PathOf(pid, "status")))
                if (line.StartsWith("Tgid:", StringComparison.Ordinal)) return int.Parse(line.AsSpan(5).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }

    /// <summary>Opens /proc/TID/stat read-only (--cpu-placement=follow reads it at each stop): the descriptor, or -errno.
    /// The path is built on the stack: nothing is allocated per task.</summary>
    public static int OpenStat(int tid)
    {
        Span<byte> path = stackalloc byte[40];
        int n = Append(path, TaskDirectory(path, tid), "/stat\0"u8);
        return SmallFile.OpenForReading(path[..n]);
    }

    /// <summary>The CPU a task last ran on: field 39 ("processor") of a /proc/TID/stat line, or -1. The fields are
    /// counted from the last ")", since the command name can hold spaces and ")".</summary>
    public static int LastCpu(ReadOnlySpan<byte> stat)
    {
        int close = stat.LastIndexOf((byte)')');
        if (close < 0) return -1;
        var rest = stat[(close + 1)..];
        // After ")" comes " S ...": field 3 (the state) is the first; field 39 the 37th after it.
        for (int field = 2; field < 39; field++)
        {
            int space = rest.IndexOf((byte)' ');
            if (space < 0) return -1;
            rest = rest[(space + 1)..];
        }
        int cpu = 0, digits = 0;
        foreach (byte b in rest)
        {
            if (b < (byte)'0' || b > (byte)'9') break;
            cpu = cpu * 10 + (b - '0');
            if (++digits > 6) return -1;
        }
        return digits == 0 ? -1 : cpu;
    }

    /// <summary>The scheduler state letter of a task (R running/runnable, S sleeping, t stopped by a tracer, …) from
    /// /proc/TID/stat, or '\0' if the task is gone. The command name can hold ")": the state follows the last one.</summary>
    public static char State(int tid)
    {
        Span<byte> buf = stackalloc byte[512];
        int n = SmallFile.Read(PathOf(tid, "stat"), buf);
        if (n <= 0) return '\0';
        var s = buf[..n];
        int close = s.LastIndexOf((byte)')');
        return close >= 0 && close + 2 < n ? (char)s[close + 2] : '\0';
    }

}
