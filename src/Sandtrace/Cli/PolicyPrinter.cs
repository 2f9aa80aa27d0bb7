using System.Globalization;
using System.Text;
using Sandtrace.Policy;

namespace Sandtrace.Cli;

/// <summary>
/// The effective policy as `--explain-policy` and `sandtrace policy check` show it: TOML-like, one key per line, every
/// list in full — including what the user did not write (profile defaults, the built-in secret rules, the default
/// environment list) — so what the launcher will enforce can be read off without knowing the merge rules. Warnings
/// follow as comments. Values are TOML-quoted so odd paths stay unambiguous.
/// </summary>
internal static class PolicyPrinter
{
    public static void Print(TextWriter w, Policy.Policy p, string home, bool traceOnly, IReadOnlyList<string> command)
    {
        w.WriteLine("# sandtrace: effective policy (nothing was run)");
        w.WriteLine(p.SourceFile != null ? $"# from {p.SourceFile} with the command line merged over it"
            : "# no --policy: the built-in default (profile \"read-only\") with the command line merged over it");
        w.WriteLine(p.Profile != null ? $"profile = {Quote(p.Profile)}" : "# profile: none (the file's lists are the whole policy)");
        w.WriteLine($"enforcement = {Quote(Enforcement(p, traceOnly))}");
        w.WriteLine($"unsafe_ack = {Bool(p.UnsafeAcknowledged)}");
        if (command.Count > 0) w.WriteLine($"command = {Inline(command)}");

        w.WriteLine();
        w.WriteLine("[filesystem]");
        List(w, "allow_read", p.AllowRead);
        if (p.IsDefault) w.WriteLine("# + the program's own directory, added at launch (no --policy)");
        List(w, "allow_write", p.AllowWrite);
        List(w, "allow_exec", p.AllowExec);
        w.WriteLine($"allow_exec_any = {Bool(p.AllowExecAny)}  # --allow-exec");
        List(w, "deny", p.Deny);
        w.WriteLine("# what is denied: deny above, then the built-in secrets except those allowed by name");
        List(w, "effective_deny", p.EffectiveDenyPatterns(home));
        List(w, "lifted_secrets", p.LiftedSecrets);

        w.WriteLine();
        w.WriteLine("[network]");
        w.WriteLine($"allow = {Bool(p.AllowNetwork)}");
        List(w, "denied_domains", p.DeniedDomains);

        w.WriteLine();
        w.WriteLine("[syscalls]");
        w.WriteLine("# on top of the always-blocked list (README \"seccomp: blocked by default\")");
        List(w, "deny", p.DenySyscalls);
        List(w, "log_only", p.LogOnlySyscalls);

        w.WriteLine();
        w.WriteLine("[limits]");
        w.WriteLine(p.Timeout is TimeSpan t ? $"timeout = {Number(t.TotalSeconds)}  # seconds" : "timeout = 0  # no limit");
        Limit(w, "memory", p.Limits.MemoryBytes, ByteSize.Describe);
        Limit(w, "max_processes", p.Limits.MaxProcesses, null);
        Limit(w, "max_file_size", p.Limits.MaxFileSizeBytes, ByteSize.Describe);
        Limit(w, "max_open_files", p.Limits.MaxOpenFiles, null);
        Limit(w, "cpu_time", p.Limits.CpuTimeSeconds, s => "seconds");

        w.WriteLine();
        w.WriteLine("[env]");
        List(w, "inherit", p.EnvInherit);
        w.WriteLine();
        w.WriteLine("[env.set]");
        foreach (var kv in p.EnvSet.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteLine($"{kv.Key} = {Quote(kv.Value)}");

        w.WriteLine();
        w.WriteLine("[trace]");
        w.WriteLine($"depth = \"{(p.TraceDepth == Tracing.TraceDepth.Security ? "security" : "all")}\"{(p.TraceDepth == null ? "  # default; --trace overrides" : "")}");

        w.WriteLine();
        if (p.Warnings.Length == 0) w.WriteLine("# no warnings");
        foreach (var warning in p.Warnings) w.WriteLine($"# warning: {warning}");
    }

    static string Enforcement(Policy.Policy p, bool traceOnly) =>
        p.Profile == PolicyProfiles.Off ? "none: profile 'off' (namespaces only, like --trace-only)"
        : traceOnly ? "none: --trace-only (namespaces only; the host filesystem is visible)"
        : "sandbox: built filesystem, namespaces, Landlock, seccomp";

    static void List(TextWriter w, string key, IReadOnlyList<string> items)
    {
        if (items.Count == 0) { w.WriteLine($"{key} = []"); return; }
        w.WriteLine($"{key} = [");
        foreach (var item in items) w.WriteLine($"  {Quote(item)},");
        w.WriteLine("]");
    }

    static void Limit(TextWriter w, string key, long? value, Func<long, string>? describe)
    {
        if (value is not long v) { w.WriteLine($"# {key}: not limited"); return; }
        string n = v.ToString(CultureInfo.InvariantCulture);
        w.WriteLine(describe == null ? $"{key} = {n}" : $"{key} = {n}  # {describe(v)}");
    }

    static string Inline(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    static string Bool(bool b) => b ? "true" : "false";

    static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A TOML basic string: quotes, backslashes and control characters escaped.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
