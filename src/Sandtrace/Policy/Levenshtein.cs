namespace Sandtrace.Policy;

/// <summary>Edit distance, for "did you mean" hints.</summary>
internal static class Levenshtein
{
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>The candidate nearest to <paramref name="name"/> at an edit distance below <paramref name="limit"/>
    /// (the first of equals), or null: the "did you mean" of every user-facing error.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates, int limit)
    {
        string? best = null;
        foreach (var c in candidates)
        {
            int d = Distance(name, c);
            if (d < limit) { limit = d; best = c; }
        }
        return best;
    }
}
