using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>
/// Reads a TOML policy file (policies.md, sandbox-policy-model.txt) into a <see cref="Policy"/>: the top-level
/// `profile` first (<see cref="PolicyProfiles"/>), then each section refining it. Every mistake is a
/// <see cref="PolicyError"/> naming file:line:column, with a suggestion where one helps; everything worth knowing but
/// not wrong (a repeat, an allowed secret) is a warning in <see cref="Policy.Warnings"/>.
/// </summary>
internal static class PolicyLoader
{
    delegate void SectionReader(PolicySource src, TomlTableEntry e, PolicyDraft d);

    static readonly Dictionary<string, (string[] Keys, SectionReader Read)> Sections = new(StringComparer.Ordinal)
    {
        ["filesystem"] = (FilesystemSection.Keys, FilesystemSection.Apply),
        ["network"] = (NetworkSection.Keys, NetworkSection.Apply),
        ["syscalls"] = (SyscallsSection.Keys, SyscallsSection.Apply),
        ["limits"] = (LimitsSection.Keys, LimitsSection.Apply),
        ["env"] = (EnvSection.Keys, EnvSection.Apply),
        ["trace"] = (TraceSection.Keys, TraceSection.Apply),
    };

    const string TopLevelKey = "profile";

    public static Policy Load(string path, PolicyContext context)
    {
        string full = Path.GetFullPath(path, context.WorkingDirectory);
        var doc = Parse(full, path);
        string baseDir = Path.GetDirectoryName(full) ?? "/";
        var src = new PolicySource(path, baseDir, context);
        var d = new PolicyDraft();
        // TOML puts top-level keys before any [section], but look it up explicitly anyway: the profile must be applied
        // before the sections that refine it.
        if (doc.Root.TryGetEntry(TopLevelKey, out var profile)) PolicyProfiles.Apply(src, profile, d);
        foreach (var section in doc.Root)
        {
            if (section.Key == TopLevelKey) continue;
            var reader = Section(src, section);
            var table = (TomlTable)section.Value;
            foreach (var entry in table)
            {
                if (!reader.Keys.Contains(entry.Key))
                    throw src.Invalid(entry.KeyPosition, $"unknown key '{entry.Key}' in [{section.Key}]{PolicySource.Suggest(entry.Key, reader.Keys)}",
                        $"[{section.Key}] takes {string.Join(", ", reader.Keys)}");
                reader.Read(src, entry, d);
            }
        }
        SyscallsSection.WarnOverlap(src, d);
        return d.ToPolicy(path, src.Warnings, context.UnsafeAck);
    }

    /// <summary>Reads <paramref name="full"/>; messages name the file as the user wrote it.</summary>
    static TomlDocument Parse(string full, string path)
    {
        try { return TomlParser.Parse(File.ReadAllBytes(full), path); }
        catch (TomlException e)
        {
            throw new PolicyError($"{path}:{e.Line}:{e.Column}", PolicyProblem.Invalid(e.Reason + " (the file is not valid TOML)",
                "fix the TOML syntax (https://toml.io)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyError(path, PolicyProblem.Invalid($"cannot read the policy file: {e.Message}", "check the path given to --policy"));
        }
    }

    /// <summary>A top-level entry must be a known section holding a table; anything else says what it probably meant.</summary>
    static (string[] Keys, SectionReader Read) Section(PolicySource src, TomlTableEntry e)
    {
        bool isTable = e.Value is TomlTable;
        if (Sections.TryGetValue(e.Key, out var reader))
            return isTable ? reader
                : throw src.Invalid(e.KeyPosition, $"'{e.Key}' must be a section", $"write it as a [{e.Key}] table");
        string sections = string.Join(", ", Sections.Keys.Select(k => $"[{k}]"));
        if (isTable)
            throw src.Invalid(e.KeyPosition, $"unknown section [{e.Key}]{PolicySource.Suggest(e.Key, Sections.Keys)}",
                $"the sections are {sections}");
        if (Sections.FirstOrDefault(s => s.Value.Keys.Contains(e.Key)).Key is string owner)
            throw src.Invalid(e.KeyPosition, $"'{e.Key}' outside a section", $"move it under [{owner}]");
        throw src.Invalid(e.KeyPosition, $"unknown top-level key '{e.Key}'{PolicySource.Suggest(e.Key, [TopLevelKey])}",
            $"the only top-level key is 'profile'; everything else goes in {sections}");
    }
}
