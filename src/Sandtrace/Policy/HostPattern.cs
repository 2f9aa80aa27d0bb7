namespace Sandtrace.Policy;

/// <summary>
/// [network] denied_domains entries: a host name ("example.com") or "*.suffix" (every name below suffix, not suffix
/// itself). Written as DNS names are compared: lowercase letters, digits, `-` and `.`, labels of 1–63 characters not
/// starting or ending with `-`, at most 253 characters. URLs, ports, IP addresses, a bare `*` and wildcards anywhere but
/// the front are refused, because the launcher matches names, and a pattern it cannot match would silently deny nothing.
/// </summary>
internal static class HostPattern
{
    public static PolicyProblem? Check(string s)
    {
        const string fix = "write a host name like 'example.com' or '*.example.com'";
        string q = $"'{s}'";
        if (s.Length == 0) return PolicyProblem.Invalid("empty entry in denied_domains", "remove it");
        if (s.Contains("://", StringComparison.Ordinal) || s.Contains('/'))
            return PolicyProblem.Invalid($"{q} in denied_domains is a URL, not a host name", fix);
        if (s == "*" || s == "*.")
            return PolicyProblem.Invalid($"{q} in denied_domains would match every name",
                "to cut the network off entirely use [network] allow = false");
        if (s.Contains(':'))
            return PolicyProblem.Invalid($"{q} in denied_domains has a port (or is an IPv6 address); domains are denied on every port", fix);
        if (s.Any(char.IsAsciiLetterUpper))
            return PolicyProblem.Invalid($"{q} in denied_domains has uppercase letters", $"write it in lowercase: '{s.ToLowerInvariant()}'");
        string host = s.StartsWith("*.", StringComparison.Ordinal) ? s[2..] : s;
        if (host.Contains('*'))
            return PolicyProblem.Invalid($"{q} in denied_domains has '*' in the middle; only a leading '*.' is supported", fix);
        if (host.EndsWith('.'))
            return PolicyProblem.Invalid($"{q} in denied_domains ends with '.'", $"write '{s.TrimEnd('.')}'");
        if (host.Length > 253)
            return PolicyProblem.Invalid($"{q} in denied_domains is longer than 253 characters, the longest DNS name", fix);
        var labels = host.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0) return PolicyProblem.Invalid($"{q} in denied_domains has an empty label ('..' or a leading '.')", fix);
            if (label.Length > 63) return PolicyProblem.Invalid($"{q} in denied_domains has a label longer than 63 characters", fix);
            if (!label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                return PolicyProblem.Invalid($"{q} in denied_domains is not a host name (only a-z, 0-9, '-' and '.')", fix);
            if (label[0] == '-' || label[^1] == '-')
                return PolicyProblem.Invalid($"{q} in denied_domains has a label starting or ending with '-'", fix);
        }
        if (labels.All(l => l.All(char.IsAsciiDigit)))
            return PolicyProblem.Invalid($"{q} in denied_domains is an IP address; denied_domains takes host names",
                "deny addresses by keeping the network off ([network] allow = false)");
        return null;
    }
}
