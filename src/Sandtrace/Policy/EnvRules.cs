namespace Sandtrace.Policy;

/// <summary>
/// Rules for [env]. Names follow POSIX (letters, digits, `_`, not starting with a digit); `inherit` also takes
/// "PREFIX*". Injection variables — ones that make a program load or run code nobody asked it to run — are refused in
/// `inherit` and `set` unless the user passes --unsafe-ack, because they turn "run this program" into "run this
/// program plus whatever the variable names", bypassing the executable allowlist's intent:
/// <list type="bullet">
/// <item>the dynamic loader: every `LD_*` (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH, LD_DEBUG…), `DYLD_*`, `GLIBC_TUNABLES`
/// (CVE-2023-4911), `GCONV_PATH` (glibc loads iconv modules from it);</item>
/// <item>shells: `BASH_ENV` and `ENV` (sourced by non-interactive bash/sh), `BASH_FUNC_*` (exported functions that
/// replace commands), `PROMPT_COMMAND` and `PS4` (evaluated by bash), `SHELLOPTS`/`BASHOPTS` (turn on xtrace, which
/// evaluates PS4);</item>
/// <item>interpreters' "run this first" options: `NODE_OPTIONS` (--require), `PERL5OPT` (-M), `RUBYOPT` (-r),
/// `PYTHONSTARTUP`, `JAVA_TOOL_OPTIONS` and `_JAVA_OPTIONS` (-javaagent).</item>
/// </list>
/// Module search paths (PYTHONPATH, NODE_PATH, PERL5LIB) are not on the list: programs routinely need them and they
/// only change where a module the program asks for by name is found.
/// </summary>
internal static class EnvRules
{
    public static readonly string[] InjectionNames =
    [
        "GLIBC_TUNABLES", "GCONV_PATH", "BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS",
        "NODE_OPTIONS", "PERL5OPT", "RUBYOPT", "PYTHONSTARTUP", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
    ];

    public static readonly string[] InjectionPrefixes = ["LD_", "DYLD_", "BASH_FUNC_"];

    public static bool IsName(string s) =>
        s.Length > 0 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A name, or a name prefix followed by one `*` ("LC_*"; "*" alone is every variable).</summary>
    public static bool IsInheritPattern(string s) =>
        IsName(s) || (s.EndsWith('*') && (s.Length == 1 || IsName(s[..^1])));

    /// <summary>The injection variables (and families, "LD_*") that a name or "PREFIX*" would let through.</summary>
    public static IReadOnlyList<string> InjectionMatches(string nameOrPattern)
    {
        if (!nameOrPattern.EndsWith('*'))
        {
            if (InjectionNames.Contains(nameOrPattern)) return [nameOrPattern];
            return InjectionPrefixes.Where(p => nameOrPattern.StartsWith(p, StringComparison.Ordinal)).Select(p => p + "*").ToList();
        }
        string prefix = nameOrPattern[..^1];
        return InjectionPrefixes
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(p, StringComparison.Ordinal)).Select(p => p + "*")
            .Concat(InjectionNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>"LD_*", "LD_*, DYLD_* and BASH_FUNC_*", "LD_*, DYLD_*, BASH_FUNC_* and 14 more".</summary>
    public static string Describe(IReadOnlyList<string> matches) => matches.Count switch
    {
        1 => matches[0],
        <= 3 => string.Join(", ", matches.Take(matches.Count - 1)) + " and " + matches[^1],
        _ => string.Join(", ", matches.Take(3)) + $" and {matches.Count - 3} more",
    };

    /// <summary>The refusal for an injection variable, the same words for `inherit` and `set`.</summary>
    public static PolicyProblem Refusal(string subject, string match) => PolicyProblem.Denied(
        $"{subject} would pass {match} into the sandbox, which makes programs load or run code they were not asked to run",
        "remove it, or pass --unsafe-ack if you really mean it");
}
