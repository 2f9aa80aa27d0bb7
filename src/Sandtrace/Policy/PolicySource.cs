using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>
/// One policy file being read: where it is (for "file:line:column"), what it is read against, the warnings collected
/// so far, and the typed accessors every section uses so that type errors read the same everywhere.
/// </summary>
internal sealed class PolicySource(string file, string baseDir, PolicyContext context)
{
    public string File { get; } = file;
    /// <summary>The policy file's directory: relative entries are relative to it, not to wherever sandtrace runs.</summary>
    public string BaseDir { get; } = baseDir;
    public PolicyContext Context { get; } = context;
    public List<string> Warnings { get; } = [];

    public string At(TomlPosition p) => $"{File}:{p.Line}:{p.Column}";

    public PolicyError Error(TomlPosition at, PolicyProblem problem) => new(At(at), problem);

    public PolicyError Invalid(TomlPosition at, string what, string fix) => Error(at, PolicyProblem.Invalid(what, fix));

    public PolicyError TypeError(TomlTableEntry e, string expected, string example) =>
        Invalid(e.Value.Position, $"'{e.Key}' must be {expected}, not {A(e.Value.TypeName)}", $"write e.g. {e.Key} = {example}");

    public void Warn(TomlPosition at, string message) => Warnings.Add(PolicyError.OneLine($"{At(at)}: {message}"));

    /// <summary>An array of non-empty strings, each with its own position.</summary>
    public List<(string Value, TomlPosition At)> Strings(TomlTableEntry e, string listName)
    {
        if (e.Value is not TomlArray arr) throw TypeError(e, "an array of strings", "[\"…\"]");
        var list = new List<(string, TomlPosition)>(arr.Count);
        foreach (var v in arr)
        {
            if (v is not TomlString s)
                throw Invalid(v.Position, $"{listName} holds strings, not {A(v.TypeName)}", "quote the entry");
            if (s.Value.Length == 0) throw Invalid(v.Position, $"empty entry in {listName}", "remove it");
            list.Add((s.Value, v.Position));
        }
        return list;
    }

    public bool Boolean(TomlTableEntry e) => e.Value is TomlBoolean b ? b.Value : throw TypeError(e, "true or false", "false");

    /// <summary>"a string", "an integer", "an array".</summary>
    public static string A(string noun) => ("aeiou".Contains(noun[0]) ? "an " : "a ") + noun;

    /// <summary>"did you mean" for a misspelt name; empty when nothing is close.</summary>
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = Levenshtein.Closest(name, candidates, Math.Max(2, name.Length / 3) + 1);
        return best == null ? "" : $" (did you mean '{best}'?)";
    }
}
