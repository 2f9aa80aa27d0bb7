using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>[filesystem] allow_read, allow_write, allow_exec, deny: paths relative to the policy file, `~` expanded,
/// each allow entry checked by <see cref="AllowEntryRules"/>, repeats warned about.</summary>
internal static class FilesystemSection
{
    public static readonly string[] Keys = ["allow_read", "allow_write", "allow_exec", "deny"];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        var (list, kind) = e.Key switch
        {
            "allow_read" => (d.AllowRead, "read"),
            "allow_write" => (d.AllowWrite, "write"),
            "allow_exec" => (d.AllowExec, "exec"),
            _ => (d.Deny, "deny"),
        };
        string home = src.Context.Home;
        foreach (var (value, at) in src.Strings(e, list.Name))
        {
            string path = PolicyPaths.Expand(value, src.BaseDir, home, out var problem);
            if (problem != null) throw src.Error(at, problem);
            if (kind != "deny")
            {
                var check = AllowEntryRules.Check($"{e.Key} '{value}'", value, path, kind, home,
                    "allow only the directories the program must write, e.g. allow_write = [\"./out\"]");
                if (check.Problem != null) throw src.Error(at, check.Problem);
                d.LiftedSecrets.AddRange(check.Lifted);
                foreach (var w in check.Warnings) src.Warn(at, w);
            }
            if (list.Add(path, value, "at " + src.At(at)) is string duplicate) src.Warn(at, duplicate);
        }
    }
}
