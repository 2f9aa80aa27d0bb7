namespace Sandtrace.Sandbox;

/// <summary>
/// realpath(3) that also reports every symbolic link it passes through — in the final component or in a parent
/// directory (Debian 12's /lib → usr/lib) — as the canonical path of the link itself (its parent already resolved).
/// Recreating those links and bind-mounting the real file makes every spelling of the path work inside a sandbox.
/// Lookups are memoised: one instance serves a whole plan (the program's closure and the filesystem view look up the
/// same /usr, /usr/lib, ... names; a default run needed ~20 distinct names for ~80 lookups).
/// </summary>
internal sealed class RealPath
{
    /// <summary>The kernel's limit on links followed in one lookup (MAXSYMLINKS); beyond it: ELOOP.</summary>
    const int MaxLinks = 40;

    /// <summary>Canonical path → its lstat mode (or -errno) and, for a link, its target: one lstat per name, and a
    /// readlink only for links.</summary>
    readonly Dictionary<string, (long Mode, string? Target)> _names = new(StringComparer.Ordinal);

    /// <summary>The real path of an absolute <paramref name="path"/>, or null when some component is missing, is not
    /// a directory where one is needed, or the links loop. Links passed are added to <paramref name="symlinks"/>
    /// (also when the path turns out not to exist: those links were still looked up).</summary>
    public string? Resolve(string path, ICollection<string> symlinks)
    {
        if (path.Length == 0 || path[0] != '/') return null;
        // Components still to walk, the next one on top.
        var pending = new Stack<string>();
        Push(pending, path);
        string resolved = "";
        int links = 0;
        while (pending.Count > 0)
        {
            string c = pending.Pop();
            if (c.Length == 0 || c == ".") continue;
            if (c == "..")
            {
                // Physical, like the kernel: ".." of the real directory reached so far.
                int slash = resolved.LastIndexOf('/');
                resolved = slash <= 0 ? "" : resolved[..slash];
                continue;
            }
            string candidate = resolved + "/" + c;
            var (mode, target) = Lookup(candidate);
            if (target != null)
            {
                if (++links > MaxLinks || target.Length == 0) return null;
                symlinks.Add(candidate);
                if (target[0] == '/') resolved = "";
                Push(pending, target);
                continue;
            }
            bool last = pending.Count == 0 || AllEmpty(pending);
            if (mode < 0 || (!last && (mode & Native.PathStat.S_IFMT) != Native.PathStat.S_IFDIR)) return null;
            resolved = candidate;
        }
        return resolved.Length == 0 ? "/" : resolved;
    }

    static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    /// <summary>True when only "" and "." remain (a trailing slash or "/."), i.e. <c>candidate</c> is the last name.</summary>
    static bool AllEmpty(Stack<string> pending)
    {
        foreach (var p in pending) if (p.Length != 0 && p != ".") return false;
        return true;
    }

    /// <summary>The real path of an absolute <paramref name="path"/>, or null (see above), when the links passed do
    /// not matter.</summary>
    public string? Resolve(string path) => Resolve(path, new List<string>());

    /// <summary>The target of a link <see cref="Resolve"/> reported (null for a name it has not looked up as a link).</summary>
    public string? LinkTarget(string link) => _names.TryGetValue(link, out var known) ? known.Target : null;

    (long Mode, string? Target) Lookup(string canonical)
    {
        if (_names.TryGetValue(canonical, out var cached)) return cached;
        long mode = Native.PathStat.LinkMode(canonical);
        string? target = null;
        if (mode >= 0 && (mode & Native.PathStat.S_IFMT) == Native.PathStat.S_IFLNK)
        {
            target = Native.PathStat.ReadLink(canonical);
            if (target == null) mode = -2;   // gone since the lstat: ENOENT
        }
        return _names[canonical] = (mode, target);
    }
}
