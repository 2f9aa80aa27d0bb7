namespace Sandtrace.Sandbox;

/// <summary>
/// The program's environment: the policy's [env] inherit (names or "PREFIX*") in the order sandtrace received them,
/// everything else cleared, then [env] set. With --trace-only the whole environment is inherited (the point is to
/// see what the program does as it would run) and only [env] set applies.
/// </summary>
internal static class SandboxEnvironment
{
    public static List<string> Build(IReadOnlyList<string> current, IReadOnlyList<string> inherit,
        IReadOnlyDictionary<string, string> set, bool inheritAll)
    {
        var result = new List<string>();
        foreach (var entry in current)
        {
            string name = Native.ProcessEnvironment.NameOf(entry);
            if (set.ContainsKey(name)) continue;
            if (inheritAll || Matches(name, inherit)) result.Add(entry);
        }
        foreach (var kv in set.OrderBy(kv => kv.Key, StringComparer.Ordinal)) result.Add($"{kv.Key}={kv.Value}");
        return result;
    }

    static bool Matches(string name, IReadOnlyList<string> patterns)
    {
        foreach (var p in patterns)
        {
            if (p.EndsWith('*') ? name.StartsWith(p[..^1], StringComparison.Ordinal) : name == p) return true;
        }
        return false;
    }
}
