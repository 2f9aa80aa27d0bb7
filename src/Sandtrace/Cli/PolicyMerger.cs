using Sandtrace.Policy;

namespace Sandtrace.Cli;

/// <summary>
/// CLI flags over the policy file (policies.md: CLI flags take precedence). --allow-path adds read+write and is checked
/// exactly like an allow_write entry (errors name the flag instead of file:line:column); --allow-net, --allow-exec and
/// --timeout replace the policy's value. Then the checks that need both: network with no sandbox needs --unsafe-ack.
/// </summary>
internal static class PolicyMerger
{
    public static Policy.Policy Merge(RunArguments a, string workingDirectory) =>
        Merge(a, PolicyContext.FromEnvironment(workingDirectory, a.UnsafeAck));

    public static Policy.Policy Merge(RunArguments a, PolicyContext context)
    {
        var p = a.PolicyFile == null ? Policy.Policy.Default : PolicyLoader.Load(a.PolicyFile, context);
        var warnings = p.Warnings.ToList();
        if (a.AllowPaths.Count > 0) p = AddAllowPaths(p, a.AllowPaths, context, warnings);
        if (a.AllowNet is bool net) p = p with { AllowNetwork = net };
        if (a.AllowExec is bool exec) p = p with { AllowExecAny = exec };
        if (a.TimeoutSeconds is double t) p = p with { Timeout = t == 0 ? null : TimeSpan.FromSeconds(t) };
        CheckNetworkWithoutSandbox(p, a, context.UnsafeAck, warnings);
        if (p.DeniedDomains.Length > 0 && !p.AllowNetwork)
            warnings.Add("[network] denied_domains has no effect while the network is off (nothing can be resolved or reached anyway)");
        // One line each on stderr, whatever bytes a path on the command line held.
        return p with { UnsafeAcknowledged = context.UnsafeAck, Warnings = [.. warnings.Select(PolicyError.OneLine)] };
    }

    static Policy.Policy AddAllowPaths(Policy.Policy p, IReadOnlyList<string> allowPaths, PolicyContext context, List<string> warnings)
    {
        var read = new EntryList("allow_read");
        var write = new EntryList("allow_write");
        read.AddAll(p.AllowRead, "by the policy");
        write.AddAll(p.AllowWrite, "by the policy");
        var lifted = p.LiftedSecrets.ToList();
        foreach (var x in allowPaths)
        {
            string where = $"--allow-path {x}";
            string path = PolicyPaths.Expand(x, context.WorkingDirectory, context.Home, out var problem);
            if (problem != null) throw new PolicyError(where, problem);
            var check = AllowEntryRules.Check($"'{x}'", x, path, "write", context.Home,
                "allow only a directory the program must write, e.g. --allow-path ./out");
            if (check.Problem != null) throw new PolicyError(where, check.Problem);
            lifted.AddRange(check.Lifted);
            warnings.AddRange(check.Warnings.Select(w => $"--allow-path: {w}"));
            read.Add(path, x, "by --allow-path");
            if (write.Add(path, x, "by an earlier --allow-path") is string duplicate) warnings.Add($"{where}: {duplicate}");
        }
        return p with { AllowRead = read.ToImmutableArray(), AllowWrite = write.ToImmutableArray(), LiftedSecrets = [.. lifted.Distinct()] };
    }

    /// <summary>
    /// --trace-only (or profile "off") leaves the host filesystem visible; add the network and nothing stands between
    /// the program, your files and the internet. That is a legitimate way to learn what a program does, but it must be
    /// asked for in so many words.
    /// </summary>
    static void CheckNetworkWithoutSandbox(Policy.Policy p, RunArguments a, bool unsafeAck, List<string> warnings)
    {
        string? noSandbox = a.TraceOnly ? "--trace-only" : p.Profile == PolicyProfiles.Off ? "profile 'off'" : null;
        if (!p.AllowNetwork || noSandbox == null) return;
        string danger = $"network access with {noSandbox} leaves nothing between the program and the internet: it sees your files and can send them anywhere";
        if (unsafeAck)
        {
            warnings.Add(danger + " (allowed by --unsafe-ack)");
            return;
        }
        string where = a.AllowNet == true ? "--allow-net" : a.TraceOnly ? "--trace-only" : "network";
        string source = a.AllowNet == true ? "" : " (the policy allows the network)";
        throw new PolicyError(where, PolicyProblem.Denied(danger + source,
            "pass --unsafe-ack to confirm, or keep the sandbox (drop --trace-only) or the network off"));
    }
}
