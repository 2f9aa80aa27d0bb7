using System.Collections.Immutable;
using Sandtrace.Toml;
using Sandtrace.Tracing;

namespace Sandtrace.Policy;

/// <summary>
/// Reads a TOML policy file (policies.md) into a <see cref="Policy"/>. Every mistake is a <see cref="PolicyError"/>
/// naming file:line:column: unknown sections and keys (with a suggestion), wrong types, unknown syscall names,
/// empty entries. Relative paths are taken relative to the policy file's directory and `~` is the home directory.
/// </summary>
internal static class PolicyLoader
{
    static readonly Dictionary<string, string[]> Schema = new()
    {
        ["filesystem"] = ["allow_read", "allow_write", "allow_exec", "deny"],
        ["network"] = ["allow"],
        ["syscalls"] = ["deny", "log_only"],
        ["limits"] = ["timeout"],
    };

    public static Policy Load(string path)
    {
        TomlDocument doc;
        try { doc = TomlParser.ParseFile(path); }
        catch (TomlException e) { throw new PolicyError($"{e.Message} (the policy file is not valid TOML)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyError($"cannot read policy file {path}: {e.Message}");
        }
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        var p = new Policy { SourceFile = path };
        foreach (var section in doc.Root)
        {
            if (!Schema.TryGetValue(section.Key, out var keys))
                throw Error(doc, section.KeyPosition, $"unknown section [{section.Key}]{Suggest(section.Key, Schema.Keys)}");
            if (section.Value is not TomlTable table)
                throw Error(doc, section.KeyPosition, $"'{section.Key}' must be a table ([{section.Key}])");
            foreach (var entry in table)
            {
                if (!keys.Contains(entry.Key))
                    throw Error(doc, entry.KeyPosition, $"unknown key '{entry.Key}' in [{section.Key}]{Suggest(entry.Key, keys)}");
                p = Apply(doc, p, section.Key, entry, baseDir);
            }
        }
        return p;
    }

    static Policy Apply(TomlDocument doc, Policy p, string section, TomlTableEntry e, string baseDir) => (section, e.Key) switch
    {
        ("filesystem", "allow_read") => p with { AllowRead = Paths(doc, e, baseDir) },
        ("filesystem", "allow_write") => p with { AllowWrite = Paths(doc, e, baseDir) },
        ("filesystem", "allow_exec") => p with { AllowExec = Paths(doc, e, baseDir) },
        ("filesystem", "deny") => p with { Deny = Paths(doc, e, baseDir) },
        ("network", "allow") => p with { AllowNetwork = e.Value is TomlBoolean b ? b.Value : throw TypeError(doc, e, "true or false") },
        ("syscalls", "deny") => p with { DenySyscalls = Syscalls(doc, e) },
        ("syscalls", "log_only") => p with { LogOnlySyscalls = Syscalls(doc, e) },
        ("limits", "timeout") => p with { Timeout = Timeout(doc, e) },
        _ => throw Error(doc, e.KeyPosition, $"unknown key '{e.Key}'"),
    };

    static ImmutableArray<string> Strings(TomlDocument doc, TomlTableEntry e)
    {
        if (e.Value is not TomlArray arr) throw TypeError(doc, e, "an array of strings");
        var list = ImmutableArray.CreateBuilder<string>();
        foreach (var v in arr)
        {
            if (v is not TomlString s) throw Error(doc, v.Position, $"'{e.Key}' holds strings, not a {v.TypeName}");
            if (s.Value.Length == 0) throw Error(doc, v.Position, $"empty entry in '{e.Key}'; remove it");
            list.Add(s.Value);
        }
        return list.ToImmutable();
    }

    static ImmutableArray<string> Paths(TomlDocument doc, TomlTableEntry e, string baseDir) =>
        [.. Strings(doc, e).Select(s => ExpandPath(s, baseDir))];

    /// <summary>`~` → home; relative → against the policy file's directory. Globs keep their pattern characters.</summary>
    internal static string ExpandPath(string s, string baseDir)
    {
        string home = Environment.GetEnvironmentVariable("HOME") ?? "/";
        if (s == "~") return home;
        if (s.StartsWith("~/", StringComparison.Ordinal)) return Path.Join(home, s[2..]);
        if (s.StartsWith("**", StringComparison.Ordinal) || s.StartsWith('/')) return s;
        return Path.GetFullPath(s, baseDir);
    }

    static ImmutableArray<string> Syscalls(TomlDocument doc, TomlTableEntry e)
    {
        var names = Strings(doc, e);
        var arr = (TomlArray)e.Value;
        for (int i = 0; i < names.Length; i++)
            if (SyscallTable.NumberX64(names[i]) < 0)
                throw Error(doc, arr[i].Position, $"unknown syscall '{names[i]}' in [syscalls] {e.Key}{Suggest(names[i], SyscallTable.NamesX64)}");
        return names;
    }

    static TimeSpan? Timeout(TomlDocument doc, TomlTableEntry e)
    {
        double seconds = e.Value switch
        {
            TomlInteger i => i.Value,
            TomlFloat f => f.Value,
            _ => throw TypeError(doc, e, "a number of seconds"),
        };
        if (!(seconds >= 0) || seconds > 31_536_000)
            throw Error(doc, e.Value.Position, "timeout must be between 0 (no limit) and 31536000 seconds");
        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    static PolicyError TypeError(TomlDocument doc, TomlTableEntry e, string expected) =>
        Error(doc, e.Value.Position, $"'{e.Key}' must be {expected}, not a {e.Value.TypeName}");

    static PolicyError Error(TomlDocument doc, TomlPosition at, string message) =>
        new($"{doc.SourceName}:{at.Line}:{at.Column}: {message}");

    static string Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = Math.Max(2, name.Length / 3) + 1;
        foreach (var c in candidates)
        {
            int d = Levenshtein.Distance(name, c);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best == null ? "" : $" (did you mean '{best}'?)";
    }
}
