namespace Sandtrace.Policy;

/// <summary>
/// sandbox-security.md "no dangerous paths": `/`, the home directory and any directory containing it are refused as
/// write roots. A writable home lets the program plant code that runs later outside the sandbox (~/.bashrc,
/// ~/.profile, ~/.config/autostart, git hooks), which defeats the point of sandboxing it. Both the written and the
/// symlink-resolved forms of the path and of $HOME are compared.
/// </summary>
internal static class WriteRootRule
{
    /// <param name="subject">How the user wrote it, for the message: "allow_write '~'", "--allow-path /".</param>
    /// <param name="fix">How to fix it in the user's terms (file entry or flag).</param>
    public static PolicyProblem? Check(string subject, string path, string home, string fix)
    {
        string canonical = PolicyPaths.Canonical(path);
        string homeCanonical = PolicyPaths.Canonical(home);
        string resolved = canonical != path ? $" (it resolves to {canonical})" : "";
        foreach (var p in new[] { path, canonical })
        {
            if (p == "/")
                return PolicyProblem.Denied($"{subject} makes the whole filesystem writable{resolved}", fix);
            foreach (var h in new[] { home, homeCanonical })
            {
                if (p == h)
                    return PolicyProblem.Denied($"{subject} makes your home directory {home} writable{resolved}: " +
                        "the program could plant code in ~/.bashrc, ~/.profile or ~/.config that runs later outside the sandbox", fix);
                if (PolicyPaths.IsSameOrUnder(h, p))
                    return PolicyProblem.Denied($"{subject} makes {p} writable, which contains your home directory {home}{resolved}", fix);
            }
        }
        return null;
    }
}
