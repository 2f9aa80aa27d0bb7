using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>
/// [env] inherit (names or "PREFIX*" passed through from sandtrace's environment) and set (a table of fixed string
/// values). Injection variables (<see cref="EnvRules"/>) are refused in both unless --unsafe-ack, then warned about.
/// </summary>
internal static class EnvSection
{
    public static readonly string[] Keys = ["inherit", "set"];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        if (e.Key == "inherit") Inherit(src, e, d);
        else Set(src, e, d);
    }

    static void Inherit(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        d.EnvInheritGiven = true;
        foreach (var (value, at) in src.Strings(e, d.EnvInherit.Name))
        {
            if (!EnvRules.IsInheritPattern(value))
                throw src.Invalid(at, $"'{value}' in [env] inherit is not a variable name or 'PREFIX*'",
                    "use letters, digits and '_' (not starting with a digit), optionally ending in one '*'");
            Injection(src, at, $"[env] inherit '{value}'", value);
            if (d.EnvInherit.Add(value, value, "at " + src.At(at)) is string duplicate) src.Warn(at, duplicate);
        }
    }

    static void Set(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        if (e.Value is not TomlTable table) throw src.TypeError(e, "a table of strings", "{ LANG = \"C.UTF-8\" }");
        foreach (var v in table)
        {
            if (!EnvRules.IsName(v.Key))
                throw src.Invalid(v.KeyPosition, $"'{v.Key}' in [env] set is not a variable name",
                    "use letters, digits and '_', not starting with a digit");
            if (v.Value is not TomlString s)
                throw src.Invalid(v.Value.Position, $"[env] set {v.Key} must be a string, not {PolicySource.A(v.Value.TypeName)}",
                    $"quote the value: {v.Key} = \"{v.Value}\"");
            if (s.Value.Contains('\0'))
                throw src.Invalid(v.Value.Position, $"[env] set {v.Key} holds a NUL character, which no environment can carry", "remove it");
            Injection(src, v.KeyPosition, $"[env] set {v.Key}", v.Key);
            d.EnvSet[v.Key] = s.Value;
        }
    }

    static void Injection(PolicySource src, TomlPosition at, string subject, string nameOrPattern)
    {
        var matches = EnvRules.InjectionMatches(nameOrPattern);
        if (matches.Count == 0) return;
        string match = EnvRules.Describe(matches);
        if (!src.Context.UnsafeAck) throw src.Error(at, EnvRules.Refusal(subject, match));
        src.Warn(at, $"{subject} passes {match} into the sandbox, which can make programs run code they were not asked to run (allowed by --unsafe-ack)");
    }
}
