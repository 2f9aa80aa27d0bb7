using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>
/// The top-level `profile` key (sandbox-policy-model.txt): defaults that the rest of the file refines. Lists in the
/// file are added to the profile's, single values (`[network] allow`, `[limits] timeout`) replace the profile's.
/// <list type="bullet">
/// <item>read-only: the system's read-only trees (<see cref="DefaultPolicy.SystemReadOnly"/>) readable, nothing
/// writable, no network — what a run without --policy gets.</item>
/// <item>workspace: read-only plus the current working directory readable and writable.</item>
/// <item>network: workspace plus the network.</item>
/// <item>off: no sandbox at all — the run command treats it like --trace-only. Needs --unsafe-ack.</item>
/// </list>
/// Every profile inherits <see cref="Policy.DefaultEnvInherit"/>. A file without `profile` means exactly what it lists.
/// </summary>
internal static class PolicyProfiles
{
    public const string ReadOnly = "read-only";
    public const string Workspace = "workspace";
    public const string Network = "network";
    public const string Off = "off";
    public static readonly string[] Names = [ReadOnly, Workspace, Network, Off];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        if (e.Value is not TomlString s) throw src.TypeError(e, "a string", "\"workspace\"");
        string name = s.Value;
        var at = e.Value.Position;
        if (!Names.Contains(name))
            throw src.Invalid(at, $"unknown profile '{name}'{PolicySource.Suggest(name, Names)}",
                "profile is one of 'read-only', 'workspace', 'network' or 'off'");
        if (name == Off)
        {
            if (!src.Context.UnsafeAck)
                throw src.Error(at, PolicyProblem.Denied("profile 'off' runs the program with no sandbox (no built filesystem, Landlock or seccomp)",
                    "pass --unsafe-ack to confirm, or choose 'read-only', 'workspace' or 'network'"));
            src.Warn(at, "profile 'off': the program runs with no sandbox and nothing in this policy is enforced (allowed by --unsafe-ack)");
        }
        d.Profile = name;
        string origin = $"by profile '{name}'";
        d.EnvInherit.AddAll(Policy.DefaultEnvInherit, origin);
        if (name == Off) return;
        d.AllowRead.AddAll(DefaultPolicy.SystemReadOnly, origin);
        if (name is Workspace or Network)
        {
            string cwd = PolicyPaths.Normalize(src.Context.WorkingDirectory);
            var problem = WriteRootRule.Check($"profile '{name}' (the current directory {cwd})", cwd, src.Context.Home,
                "run sandtrace from the project directory, or use profile 'read-only' with allow_write for the directories the program writes");
            if (problem != null) throw src.Error(at, problem);
            d.AllowRead.Add(cwd, cwd, origin);
            d.AllowWrite.Add(cwd, cwd, origin);
        }
        if (name == Network) d.AllowNetwork = true;
    }
}
