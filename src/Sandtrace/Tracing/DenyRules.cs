using System.Text;
using Sandtrace.Sandbox;

namespace Sandtrace.Tracing;

/// <summary>
/// The tracer's part of deny-rule enforcement. Existing matches are masked in the mount view by the kernel; a path
/// that does not exist yet (a file created during the run, e.g. a new ".env") can only be caught when it is named,
/// so path syscalls are checked at entry and refused with EACCES. This layer is racy by nature (another thread can
/// change the path's memory after the check): it is defence in depth over the mount view and Landlock, which still
/// confine every write to allow_write.
/// </summary>
internal sealed class DenyRules
{
    readonly DenyGlob[] _globs;
    readonly char[] _chars = new char[8192], _normalized = new char[8192 + 1];

    public DenyRules(IEnumerable<string> patterns)
    {
        var globs = new List<DenyGlob>();
        foreach (var p in patterns) globs.Add(new DenyGlob(p));
        _globs = [.. globs];
    }

    public bool IsEmpty => _globs.Length == 0;

    /// <summary>The matching rule for a path (UTF-8), made absolute with <paramref name="baseDir"/> when relative.</summary>
    public string? Match(ReadOnlySpan<byte> path, string? baseDir)
    {
        if (path.IsEmpty) return null;
        int n = 0;
        if (path[0] != (byte)'/')
        {
            string b = baseDir ?? "";
            b.CopyTo(_chars);
            n = b.Length;
            if (n == 0 || _chars[n - 1] != '/') _chars[n++] = '/';
        }
        if (n + path.Length > _chars.Length) return null;
        n += Encoding.UTF8.GetChars(path, _chars.AsSpan(n));
        ReadOnlySpan<char> full = _chars.AsSpan(0, n);
        if (full.IndexOf("/.") >= 0 || full.IndexOf("//") >= 0) full = _normalized.AsSpan(0, Normalize(full, _normalized));
        foreach (var g in _globs)
            if (g.IsMatch(full)) return g.Pattern;
        return null;
    }

    /// <summary>Lexical "." and ".." removal (the mount view and Landlock already resolve symlinks in the kernel), into
    /// <paramref name="dest"/> (at least one longer than <paramref name="p"/>): its length. Common at entry (a compiler's
    /// include paths hold ".."; every dotfile holds "/."), so it allocates nothing.</summary>
    static int Normalize(ReadOnlySpan<char> p, Span<char> dest)
    {
        int n = 0;
        foreach (var range in p.Split('/'))
        {
            var c = p[range];
            if (c.IsEmpty || c is ".") continue;
            if (c is "..") { n = Math.Max(0, dest[..n].LastIndexOf('/')); continue; }
            dest[n++] = '/';
            c.CopyTo(dest[n..]);
            n += c.Length;
        }
        if (n == 0) dest[n++] = '/';
        return n;
    }
}
