using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Canonicalises a host path the way the kernel walks it, remembering every symlink met on the way (for example
/// Debian's /lib → usr/lib). The sandbox rebuilds those symlinks so paths keep working inside, while every rule and
/// bind applies to the resolved target (symlinks and ".." can never widen what is allowed).
/// </summary>
internal static class PathChain
{
    const int MaxLinks = 40;   // as the kernel's MAXSYMLINKS

    /// <summary>Returns the real path, or null if it does not exist; adds (link, target) pairs to <paramref name="links"/>.</summary>
    public static string? Resolve(string path, ICollection<(string Link, string Target)> links)
    {
        var pending = new Stack<string>();
        PushComponents(pending, Path.GetFullPath(path));
        string current = "/";
        int followed = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == "..") { current = Path.GetDirectoryName(current) ?? "/"; continue; }
            string next = current == "/" ? "/" + part : current + "/" + part;
            long mode = PathStat.LinkMode(next);   // one lstat per component; readlink only for links
            if (mode < 0) return null;
            if ((mode & PathStat.S_IFMT) == PathStat.S_IFLNK)
            {
                if (++followed > MaxLinks || PathStat.ReadLink(next) is not string target) return null;
                links.Add((next, target));
                string absolute = target.StartsWith('/') ? target : (current == "/" ? "/" : current + "/") + target;
                PushComponents(pending, absolute);
                current = "/";
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>Pushes the components of <paramref name="p"/> so the first one is popped first ("." dropped).</summary>
    static void PushComponents(Stack<string> pending, string p)
    {
        var parts = p.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
            if (parts[i] != ".") pending.Push(parts[i]);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies beneath it.</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="path"/> is any of <paramref name="roots"/> or lies beneath one.</summary>
    public static bool IsUnderAny(string path, IReadOnlyList<string> roots)
    {
        foreach (var r in roots) if (IsUnder(path, r)) return true;
        return false;
    }
}
