namespace Sandtrace.Policy;

/// <summary>
/// The checks every allow entry gets, whether it comes from a policy file (allow_read/allow_write/allow_exec) or from
/// --allow-path, so both are refused or warned about in the same words: `**` is refused (only deny supports it), other
/// wildcards are warned about (allow entries are taken literally by the launcher), write roots must not expose `/` or
/// the home directory, and allowing a built-in secret lifts it with a warning (<see cref="SecretAllowance"/>).
/// </summary>
internal static class AllowEntryRules
{
    public sealed record Result(PolicyProblem? Problem, IReadOnlyList<string> Lifted, IReadOnlyList<string> Warnings);

    /// <param name="subject">The entry in the user's terms: "allow_write '~'", "--allow-path /".</param>
    /// <param name="written">The entry as written.</param>
    /// <param name="path">The expanded absolute path.</param>
    /// <param name="kind">"read", "write" or "exec".</param>
    /// <param name="writeFix">How to fix a forbidden write root, in the user's terms.</param>
    public static Result Check(string subject, string written, string path, string kind, string home, string writeFix)
    {
        if (written.Contains("**", StringComparison.Ordinal))
            return Fail(PolicyProblem.Invalid($"{subject}: '**' is only supported in deny",
                "allow the directory itself (everything below an allowed directory is allowed), or move the pattern to deny"));
        var warnings = new List<string>();
        if (PolicyPaths.HasWildcards(written))
            warnings.Add($"{subject} contains '*' or '?', which allow entries take literally (only deny supports wildcards)");
        if (kind == "write" && WriteRootRule.Check(subject, path, home, writeFix) is PolicyProblem p) return Fail(p);
        if (kind == "exec") return new(null, [], warnings);
        var secrets = SecretAllowance.Check(subject, path, writable: kind == "write", home);
        warnings.AddRange(secrets.Warnings);
        return new(null, secrets.Lifted, warnings);
    }

    static Result Fail(PolicyProblem p) => new(p, [], []);
}
