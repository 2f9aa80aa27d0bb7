namespace Sandtrace.Sandbox;

/// <summary>
/// Which program "#!/usr/bin/env ARG" goes on to run. The kernel hands env the rest of the #! line as ONE argument,
/// so "env python3 -u" looks for a program literally named "python3 -u"; only "-S" (split string) makes env split it.
/// Understood minimally: GNU env's short and long options (those taking a value skip it), NAME=VALUE assignments,
/// "-S"/"--split-string" split on blanks (quotes are stripped, escapes and ${VAR} are not interpreted).
/// </summary>
internal static class EnvCommand
{
    /// <summary>The command word, or null when there is none (env would just print the environment).</summary>
    public static string? Find(string argument)
    {
        var words = new List<string> { argument };
        for (int i = 0; i < words.Count && i < 256; i++)
        {
            string w = words[i];
            if (w == "--") return i + 1 < words.Count ? words[i + 1] : null;
            if (w.StartsWith("--", StringComparison.Ordinal))
            {
                if (w.StartsWith("--split-string=", StringComparison.Ordinal)) { Splice(words, i, w["--split-string=".Length..]); i--; continue; }
                if (w == "--split-string") { if (i + 1 < words.Count) Splice(words, i + 1, words[i + 1]); continue; }
                if (w is "--unset" or "--chdir") i++; // the value is the next word
                continue;
            }
            if (w.StartsWith('-') && w.Length > 1)
            {
                // A cluster of short options: -i -0 -v take nothing, -u NAME / -C DIR a value, -S a string to split.
                for (int k = 1; k < w.Length; k++)
                {
                    char o = w[k];
                    if (o is 'u' or 'C') { if (k == w.Length - 1) i++; break; }
                    if (o == 'S')
                    {
                        string rest = w[(k + 1)..];
                        if (rest.Length > 0) { Splice(words, i, rest); i--; }
                        else if (i + 1 < words.Count) Splice(words, i + 1, words[i + 1]);
                        break;
                    }
                }
                continue;
            }
            if (w == "-" || w.Contains('=')) continue; // "-" = -i; NAME=VALUE sets a variable
            return w.Length == 0 ? null : w;
        }
        return null;
    }

    /// <summary>Replaces words[index] by the blank-separated words of <paramref name="text"/>.</summary>
    static void Splice(List<string> words, int index, string text)
    {
        var parts = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Length >= 2 && (p[0] is '"' or '\'') && p[^1] == p[0] ? p[1..^1] : p);
        words.RemoveAt(index);
        words.InsertRange(index, parts);
    }
}
