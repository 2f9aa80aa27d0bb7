using System.Text;
using System.Text.RegularExpressions;

namespace Sandtrace.Policy;

/// <summary>
/// Matches a deny pattern against a path with the semantics of policies.md (the launcher's DenyGlob implements the
/// same for enforcement): `*` within one component, `**` across components, `?` one character; a pattern not starting
/// with `/` matches anywhere. Kept here because the policy layer must not depend on the sandbox layer; it is only used
/// to tell a user that an allowed path stays denied by a built-in secret rule.
/// </summary>
internal static class PolicyGlob
{
    public static bool IsMatch(string pattern, string path) => new Regex("^" + ToRegexBody(pattern) + "$", RegexOptions.CultureInvariant).IsMatch(path);

    /// <summary>The pattern as a regular expression without anchors (shared with the launcher's DenyGlob).</summary>
    public static string ToRegexBody(string pattern)
    {
        var sb = new StringBuilder();
        string p = pattern.StartsWith('/') ? pattern : "**/" + pattern;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                bool slashAfter = i + 2 < p.Length && p[i + 2] == '/';
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
