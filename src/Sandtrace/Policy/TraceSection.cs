using Sandtrace.Toml;
using Sandtrace.Tracing;

namespace Sandtrace.Policy;

/// <summary>[trace] depth = "all" | "security" (README "--trace"); the --trace flag overrides it.</summary>
internal static class TraceSection
{
    public static readonly string[] Keys = ["depth"];
    static readonly string[] Depths = ["all", "security"];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        if (e.Value is not TomlString s) throw src.TypeError(e, "\"all\" or \"security\"", "\"security\"");
        d.TraceDepth = s.Value switch
        {
            "all" => TraceDepth.All,
            "security" => TraceDepth.Security,
            _ => throw src.Invalid(e.Value.Position, $"unknown trace depth '{s.Value}'{PolicySource.Suggest(s.Value, Depths)}",
                "use \"all\" (every syscall) or \"security\" (security-relevant syscalls only)"),
        };
    }
}
