using Sandtrace.Native;

namespace Sandtrace.Policy;

/// <summary>
/// How a path written in a policy or on the command line becomes absolute: `~` and `~/x` are the home directory,
/// anything relative is taken against a base directory (the policy file's for policy entries, the current directory
/// for flags), and `.`/`..` are folded. A pattern starting with `**` stays as written: it matches anywhere.
/// </summary>
internal static class PolicyPaths
{
    public static string Expand(string s, string baseDir, string home, out PolicyProblem? problem)
    {
        problem = null;
        if (s == "~") return home;
        if (s.StartsWith("~/", StringComparison.Ordinal)) return Normalize(Path.Join(home, s[2..]));
        if (s.StartsWith('~'))
        {
            // ~user would need the password database, and a path silently relative to the policy file is worse.
            problem = PolicyProblem.Invalid($"'{s}': only '~' and '~/…' (your own home) are expanded",
                "write another user's home directory as a full path");
            return s;
        }
        if (s.StartsWith("**", StringComparison.Ordinal)) return s;
        return Normalize(Path.GetFullPath(s, baseDir));
    }

    /// <summary>Folds `.`, `..` and repeated slashes; no trailing slash except for `/` itself.</summary>
    public static string Normalize(string absolute)
    {
        string full = Path.GetFullPath(absolute);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>
    /// The path with every symlink resolved, as the launcher will see it: realpath(3) of the longest existing prefix
    /// with the missing rest appended. Safety checks compare this form as well as the written one, so a symlink
    /// (`~/work → ~`) cannot smuggle a forbidden root past them.
    /// </summary>
    public static string Canonical(string absolute)
    {
        if (Libc.RealPath(absolute) is string real) return real;
        string? parent = Path.GetDirectoryName(absolute);
        if (parent == null || parent == absolute) return absolute;
        return Path.Join(Canonical(parent), Path.GetFileName(absolute));
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it (both normalized).</summary>
    public static bool IsSameOrUnder(string path, string root) =>
        root == "/" ? path.StartsWith('/')
            : path == root || (path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length && path[root.Length] == '/');

    public static bool HasWildcards(string p) => p.AsSpan().IndexOfAny('*', '?') >= 0;
}
