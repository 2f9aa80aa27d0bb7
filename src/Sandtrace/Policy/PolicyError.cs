using System.Text;

namespace Sandtrace.Policy;

/// <summary>
/// A policy that is refused before anything runs (exit 78). The message is always one line,
/// "&lt;where&gt;: &lt;code&gt;: &lt;what is wrong&gt;; &lt;how to fix it&gt;", where &lt;where&gt; is "file:line:column" for a policy file
/// and the flag (e.g. "--allow-path /") for the command line. Two codes, so scripts can tell them apart:
/// <list type="bullet">
/// <item><see cref="Invalid"/> (E_POLICY_INVALID): the policy cannot be understood — TOML syntax, unknown sections or
/// keys, wrong types, unknown syscall or profile names, malformed values (empty entries, hostnames, sizes, out of
/// range limits, `**` in an allow list).</item>
/// <item><see cref="Denied"/> (E_POLICY_DENIED): the policy is well formed but asks for something refused for safety —
/// `/`, $HOME or a parent of $HOME as a write root, injection variables in [env], an unsafe mode (profile "off", network
/// without a sandbox) without --unsafe-ack.</item>
/// </list>
/// </summary>
internal sealed class PolicyError : Exception
{
    public const string Invalid = "E_POLICY_INVALID";
    public const string Denied = "E_POLICY_DENIED";

    public PolicyError(string where, PolicyProblem problem)
        : base(OneLine($"{where}: {problem.Code}: {problem.What}; {problem.Fix}")) => Code = problem.Code;

    public string Code { get; }

    /// <summary>Values quoted in messages come from the user's file and may hold newlines or escapes: the message
    /// must stay one line on stderr, so control characters are shown as \xNN.</summary>
    internal static string OneLine(string s)
    {
        if (!s.Any(char.IsControl)) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
            if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        return sb.ToString();
    }
}

/// <summary>What is wrong with one value and how to fix it, before it is known where the value came from (a file
/// position or a command-line flag): the same rule then produces the same words for both.</summary>
internal sealed record PolicyProblem(string Code, string What, string Fix)
{
    public static PolicyProblem Invalid(string what, string fix) => new(PolicyError.Invalid, what, fix);
    public static PolicyProblem Denied(string what, string fix) => new(PolicyError.Denied, what, fix);
}
