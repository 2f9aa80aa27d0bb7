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
        var pending = new Stack<string>(Components(Path.GetFullPath(path)).Reverse());
        string current = "/";
        int followed = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == "..") { current = Path.GetDirectoryName(current) ?? "/"; continue; }
            string next = current == "/" ? "/" + part : current + "/" + part;
            FileSystemInfo info = new FileInfo(next);
            if (!info.Exists && !Directory.Exists(next) && info.LinkTarget == null) return null;
            if (info.LinkTarget is string target)
            {
                if (++followed > MaxLinks) return null;
                links.Add((next, target));
                string absolute = target.StartsWith('/') ? target : (current == "/" ? "/" : current + "/") + target;
                foreach (var c in Components(absolute).Reverse()) pending.Push(c);
                current = "/";
                continue;
            }
            current = next;
        }
        return current;
    }

    static IEnumerable<string> Components(string p) => p.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".");

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies beneath it.</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
}
