namespace Sandtrace.Policy;

/// <summary>
/// What an explicit allow of a built-in secret (<see cref="SecretPaths"/>) means. Allowing exactly a secret path
/// (`allow_read = ["~/.ssh"]`, `--allow-path ~/.aws`) lifts that one built-in deny rule for the run — the user named
/// it, so it is deliberate — and always says so in a warning. Allowing something inside a secret (`~/.ssh/config`) or
/// matched by a wildcard rule (`/proj/.env`) does not: the rule stays, and the warning says how to lift it if that is
/// really wanted (wildcard rules cannot be lifted). Allowing a directory above a secret (`~`) is the normal case: the
/// secret stays masked, no warning. A policy's own `deny` entries are never lifted.
/// </summary>
internal static class SecretAllowance
{
    public sealed record Result(IReadOnlyList<string> Lifted, IReadOnlyList<string> Warnings);

    /// <param name="subject">How the user wrote it: "allow_read '~/.ssh'", "--allow-path ~/.ssh".</param>
    /// <param name="path">The expanded absolute path.</param>
    /// <param name="writable">Whether the entry grants writing (wording only).</param>
    public static Result Check(string subject, string path, bool writable, string home)
    {
        var lifted = new List<string>();
        var warnings = new List<string>();
        string canonical = PolicyPaths.Canonical(path);
        // Distinct: with home = /root, "~/.ssh" and "/root/.ssh" are the same rule.
        foreach (var secret in SecretPaths.Patterns(home).Distinct(StringComparer.Ordinal))
        {
            if (PolicyPaths.HasWildcards(secret))
            {
                if (Ancestry(path).Concat(Ancestry(canonical)).Any(p => PolicyGlob.IsMatch(secret, p)))
                    warnings.Add($"{subject} matches the built-in secret rule '{secret}', which stays denied whatever the policy allows");
                continue;
            }
            string secretCanonical = PolicyPaths.Canonical(secret);
            if (path == secret || canonical == secretCanonical)
            {
                lifted.Add(secret);
                warnings.Add($"{subject} exposes {secret}, a well-known secret location: because you allowed it explicitly, " +
                    $"its built-in deny rule is lifted for this run and the program can {(writable ? "read and write" : "read")} it; " +
                    "remove the entry unless that is intended");
            }
            else if (PolicyPaths.IsSameOrUnder(path, secret) || PolicyPaths.IsSameOrUnder(canonical, secretCanonical))
                warnings.Add($"{subject} lies inside {secret}, a well-known secret location that stays denied; " +
                    $"allow {secret} itself to lift its built-in rule, if you really mean to expose it");
        }
        return new Result(lifted, warnings);
    }

    static IEnumerable<string> Ancestry(string path)
    {
        for (string? p = path; p is { Length: > 1 }; p = Path.GetDirectoryName(p)) yield return p;
    }
}
