namespace Sandtrace.Policy;

/// <summary>
/// A deny pattern of policies.md, compiled once: `*` matches within one path component, `**` across components
/// (including none), `?` one character other than `/`, anything else literally; a pattern not starting with `/`
/// matches anywhere (as if it started with `**/`). One implementation for the policy layer (telling a user that an
/// allowed path stays denied by a built-in secret rule) and for enforcement (the launcher's DenyGlob, the tracer's
/// per-syscall check: matching allocates nothing, and a pattern without wildcards is a plain prefix comparison).
/// </summary>
internal sealed class PolicyGlob
{
    enum Kind : byte { Char, One, Star, AnyDirs, Any }

    readonly (Kind Kind, char C)[] _tokens;
    readonly string? _literal;
    // Necessary conditions checked before the token walk (the tracer checks every path a stopped call names against
    // every pattern): a match starts with the characters before the first wildcard and contains the longest run of
    // literal characters. Most paths fail one of them at once ("/usr/include/…" against "**/.env").
    readonly string _prefix = "", _run = "";

    /// <summary>The pattern as it is matched: one not starting with `/` gets `**/` in front.</summary>
    public static string Anchored(string pattern) => pattern.StartsWith('/') ? pattern : "**/" + pattern;

    public PolicyGlob(string pattern)
    {
        string p = Anchored(pattern);
        if (!PolicyPaths.HasWildcards(p)) { _literal = p; _tokens = []; return; }
        var tokens = new List<(Kind, char)>(p.Length);
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                // "**/" is "nothing, or anything ending in a slash"; a "**" elsewhere is anything at all.
                bool slashAfter = i + 2 < p.Length && p[i + 2] == '/';
                tokens.Add((slashAfter ? Kind.AnyDirs : Kind.Any, '\0'));
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') tokens.Add((Kind.Star, '\0'));
            else if (c == '?') tokens.Add((Kind.One, '\0'));
            else tokens.Add((Kind.Char, c));
        }
        _tokens = tokens.ToArray();
        int first = tokens.FindIndex(t => t.Item1 != Kind.Char);
        _prefix = p[..first];   // tokens before the first wildcard are the pattern's own characters
        var run = new System.Text.StringBuilder();
        string longest = "";
        foreach (var (kind, c) in tokens)
        {
            if (kind == Kind.Char) { run.Append(c); continue; }
            if (run.Length > longest.Length) longest = run.ToString();
            run.Clear();
        }
        _run = run.Length > longest.Length ? run.ToString() : longest;
    }

    public static bool IsMatch(string pattern, string path) => new PolicyGlob(pattern).IsMatch(path, orBeneath: false);

    /// <summary>Whether <paramref name="path"/> matches; with <paramref name="orBeneath"/> also anything beneath a
    /// match (a file inside a denied directory).</summary>
    public bool IsMatch(ReadOnlySpan<char> path, bool orBeneath)
    {
        if (_literal is { } lit)
            return path.StartsWith(lit, StringComparison.Ordinal)
                && (path.Length == lit.Length || (orBeneath && path[lit.Length] == '/'));
        if (!path.StartsWith(_prefix, StringComparison.Ordinal) || path.IndexOf(_run, StringComparison.Ordinal) < 0) return false;
        return Match(0, path, 0, orBeneath);
    }

    bool Match(int t, ReadOnlySpan<char> s, int i, bool orBeneath)
    {
        for (; t < _tokens.Length; t++)
        {
            var (kind, c) = _tokens[t];
            switch (kind)
            {
                case Kind.Char:
                    if (i >= s.Length || s[i] != c) return false;
                    i++;
                    break;
                case Kind.One:
                    if (i >= s.Length || s[i] == '/') return false;
                    i++;
                    break;
                case Kind.Star:
                    for (int k = i; ; k++)
                    {
                        if (Match(t + 1, s, k, orBeneath)) return true;
                        if (k >= s.Length || s[k] == '/') return false;
                    }
                case Kind.AnyDirs:
                    if (Match(t + 1, s, i, orBeneath)) return true;
                    for (int k = i; k < s.Length; k++)
                        if (s[k] == '/' && Match(t + 1, s, k + 1, orBeneath)) return true;
                    return false;
                case Kind.Any:
                    for (int k = i; k <= s.Length; k++)
                        if (Match(t + 1, s, k, orBeneath)) return true;
                    return false;
            }
        }
        return i == s.Length || (orBeneath && s[i] == '/');
    }
}
