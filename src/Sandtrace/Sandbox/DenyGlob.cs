namespace Sandtrace.Sandbox;

/// <summary>
/// A deny pattern of policies.md: `*` matches within one path component, `**` across components (including none),
/// anything else literally. A pattern that does not start with `/` (e.g. "**/.env") is anchored anywhere.
/// </summary>
internal sealed class DenyGlob
{
    readonly Policy.PolicyGlob _glob;
    readonly string _literalPrefix;

    public string Pattern { get; }

    public DenyGlob(string pattern)
    {
        Pattern = pattern;
        _glob = new Policy.PolicyGlob(pattern);
        string p = Policy.PolicyGlob.Anchored(pattern);
        int wild = p.IndexOfAny(['*', '?']);
        string head = wild < 0 ? p : p[..wild];
        _literalPrefix = head.Contains('/') ? head[..(head.LastIndexOf('/') + 1)] : "";
    }

    /// <summary>Whether the path is denied: it matches the pattern, or lies beneath something that does (a file inside
    /// a denied directory is denied too).</summary>
    public bool IsMatch(ReadOnlySpan<char> absolutePath) => _glob.IsMatch(absolutePath, orBeneath: true);

    /// <summary>Directories worth walking: the roots themselves, narrowed by the pattern's literal prefix.</summary>
    public IEnumerable<string> SearchRoots(IEnumerable<string> roots)
    {
        string prefix = _literalPrefix.TrimEnd('/');
        foreach (var r in roots)
        {
            if (prefix.Length > 1 && PathChain.IsUnder(prefix, r)) yield return prefix;
            else if (prefix.Length <= 1 || PathChain.IsUnder(r, prefix)) yield return r;
        }
    }

    /// <summary>Cheap pruning: a directory outside the literal prefix can hold no match.</summary>
    public bool CanMatchBelow(string dir) =>
        _literalPrefix.Length <= 1 || PathChain.IsUnder(dir, _literalPrefix.TrimEnd('/')) || _literalPrefix.StartsWith(dir + "/", StringComparison.Ordinal);
}
