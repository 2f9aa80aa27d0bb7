using Sandtrace.Toml;
using Sandtrace.Tracing;

namespace Sandtrace.Policy;

/// <summary>[syscalls] deny and log_only: x86_64 syscall names as the kernel spells them, with a suggestion for a typo.</summary>
internal static class SyscallsSection
{
    public static readonly string[] Keys = ["deny", "log_only"];

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        var list = e.Key == "deny" ? d.DenySyscalls : d.LogOnlySyscalls;
        foreach (var (name, at) in src.Strings(e, list.Name))
        {
            if (SyscallTable.NumberX64(name) < 0)
                throw src.Invalid(at, $"unknown syscall '{name}' in {list.Name}{PolicySource.Suggest(name, SyscallTable.NamesX64)}",
                    "use the kernel's x86_64 name (docs/categories.md lists them)");
            if (list.Add(name, name, "at " + src.At(at)) is string duplicate) src.Warn(at, duplicate);
        }
    }

    /// <summary>A syscall in both lists is denied (the seccomp filter refuses it before the tracer could log it).</summary>
    public static void WarnOverlap(PolicySource src, PolicyDraft d)
    {
        foreach (var name in d.LogOnlySyscalls.Items.Where(d.DenySyscalls.Contains))
            src.Warnings.Add($"{src.File}: syscall '{name}' is in both [syscalls] deny ({d.DenySyscalls.OriginOf(name)}) and log_only " +
                $"({d.LogOnlySyscalls.OriginOf(name)}); it is denied");
    }
}
