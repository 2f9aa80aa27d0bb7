using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Canonicalises a host path the way the kernel walks it, remembering every symlink met on the way (for example
/// Debian's /lib → usr/lib) with its target. The sandbox rebuilds those symlinks so paths keep working inside, while
/// every rule and bind applies to the resolved target (symlinks and ".." can never widen what is allowed). The walk
/// itself is <see cref="RealPath"/>'s, whose memo the filesystem view shares with the program's closure.
/// </summary>
internal sealed class PathChain(RealPath realPaths)
{
    readonly List<string> _passed = [];

    /// <summary>Returns the real path, or null if it does not exist; adds (link, target) pairs to <paramref name="links"/>.</summary>
    public string? Resolve(string path, ICollection<(string Link, string Target)> links)
    {
        _passed.Clear();
        string? real = realPaths.Resolve(Path.GetFullPath(path), _passed);
        foreach (var link in _passed)
            if (realPaths.LinkTarget(link) is string target) links.Add((link, target));
        return real;
    }

    /// <summary>The real path, or null if it does not exist, when the links on the way do not matter.</summary>
    public string? Resolve(string path) => realPaths.Resolve(Path.GetFullPath(path));

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
