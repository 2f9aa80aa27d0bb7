using Sandtrace.Native;
using Sandtrace.Policy;

namespace Sandtrace.Sandbox;

/// <summary>Turns the validated policy and the command into a <see cref="LaunchPlan"/>: resolves the program and its
/// dependencies, builds the filesystem view, chooses the namespaces and states honestly which layers are active.</summary>
internal static class LaunchPlanner
{
    public static LaunchPlan Plan(Policy.Policy policy, IReadOnlyList<string> command, bool traceOnly, string workingDirectory,
        bool bestEffort = false, Tracing.TraceDepth depth = Tracing.TraceDepth.All)
    {
        string? path = System.Environment.GetEnvironmentVariable("PATH");
        string target = CommandResolver.Resolve(command[0], path, workingDirectory);
        bool isolateNet = !policy.AllowNetwork;
        long flags = UserNamespace.CloneFlag | MountNamespace.CloneFlag | PidNamespace.CloneFlag | IpcUtsNamespaces.CloneFlags
            | (isolateNet ? NetworkNamespace.CloneFlag : 0);
        uint uid = Libc.GetEuid(), gid = Libc.GetEgid();
        var warnings = new List<string>();
        FilesystemView? view = null;
        LandlockRuleset? landlock = null;
        SeccompFilter? seccomp = null;
        List<string> deny = [];
        List<string> interpreters = [];
        if (!traceOnly)
        {
            var mode = depth == Tracing.TraceDepth.Security ? SeccompMode.EnforceThroughTracer : SeccompMode.Enforce;
            var seccompBuild = new BackgroundBuild<SeccompFilter>(() => Seccomp.Build(policy.DenySyscalls, mode, policy.LogOnlySyscalls));
            var closure = ExecutableDependencies.Resolve(target, path);
            warnings.AddRange(closure.Warnings);
            var read = policy.AllowRead.ToList();
            if (policy.IsDefault && Path.GetDirectoryName(target) is string dir) read.Add(dir);
            // The policy's deny rules and the built-in secrets, minus a secret the policy allowed on purpose.
            deny = policy.EffectiveDenyPatterns(PolicyContext.CurrentHome()).Distinct().ToList();
            view = FilesystemViewBuilder.Build(read, policy.AllowWrite,
                closure.Executables.Concat(closure.Libraries), deny);
            warnings.AddRange(view.Warnings);
            seccomp = BestEffort(bestEffort, warnings, seccompBuild.Join);
            landlock = BestEffort(bestEffort, warnings, () => BuildLandlock(policy, view, closure, isolateNet));
            if (landlock != null) warnings.AddRange(landlock.Warnings);
            interpreters = ElfInterpreters(closure).Where(i => !policy.AllowExec.Contains(i)).ToList();
            if (!view.IsVisible(Libc.RealPath(workingDirectory) ?? workingDirectory))
            {
                warnings.Add($"the working directory {workingDirectory} is not visible in the sandbox (allow it with --allow-path .); starting in /");
                workingDirectory = "/";
            }
        }
        const string enforcementNote = "skipped: --trace-only";
        if (traceOnly && depth == Tracing.TraceDepth.Security)
            seccomp = Seccomp.Build([], SeccompMode.TraceOnly, policy.LogOnlySyscalls);   // selects the traced calls, denies nothing
        var layers = new List<LayerStatus>
        {
            UserNamespace.Status(uid, gid),
            MountNamespace.Status(view),
            PidNamespace.Status(),
            NetworkNamespace.Status(isolateNet),
            NoNewPrivs.Status(),
            landlock != null ? Landlock.Status(landlock) : new(6, "Landlock", false, traceOnly ? enforcementNote : "unavailable on this kernel (--best-effort)"),
            seccomp is { Mode: not SeccompMode.TraceOnly } ? Seccomp.Status(seccomp)
                : new(7, "seccomp-bpf", false, traceOnly ? enforcementNote + (seccomp != null ? " (a tracing-only filter selects the traced calls)" : "") : "unavailable (--best-effort)"),
            new(8, "ptrace", true, depth == Tracing.TraceDepth.Security
                ? "security-relevant syscalls of every traced task (--trace=security), from the target's execve"
                : "every syscall of every traced task from the target's execve"),
        };
        var env = SandboxEnvironment.Build(CurrentEnvironment(), policy.EnvInherit, policy.EnvSet, inheritAll: traceOnly);
        string? hosts = null;
        IReadOnlyDictionary<string, string>? deniedAddresses = null;
        if (!traceOnly && policy.DeniedDomains.Length > 0)
        {
            hosts = DeniedDomains.HostsFile(policy.DeniedDomains);
            deniedAddresses = policy.AllowNetwork ? DeniedDomains.ResolveAddresses(policy.DeniedDomains) : null;
        }
        else if (policy.DeniedDomains.Length > 0)
            warnings.Add("[network] denied_domains is not applied with --trace-only");
        return new LaunchPlan(target, command, env, workingDirectory, flags, isolateNet, uid, gid, layers, view, warnings, deny,
            landlock, interpreters, seccomp, policy.Limits, hosts, deniedAddresses);
    }

    /// <summary>Fail closed: a layer that cannot be applied stops the run, unless the user chose --best-effort, in
    /// which case the run goes on without it and says so.</summary>
    static T? BestEffort<T>(bool bestEffort, List<string> warnings, Func<T> build) where T : class
    {
        try { return build(); }
        catch (SandboxError e) when (bestEffort)
        {
            warnings.Add(e.Message.Split("; refusing")[0] + "; continuing without it (--best-effort)");
            return null;
        }
    }

    /// <summary>The ELF program interpreters among the executables (ld-linux-x86-64.so.2 and friends), by real path.</summary>
    static IEnumerable<string> ElfInterpreters(ExecutableClosure closure) =>
        closure.Executables.Where(e => Path.GetFileName(e).StartsWith("ld-", StringComparison.Ordinal) && Path.GetFileName(e).Contains(".so"))
            .Select(e => Libc.RealPath(e) ?? e).Distinct();

    static readonly string[] Devices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"];

    /// <summary>Layer 6 mirrors the view inside the kernel; EXECUTE only for the program, its interpreters and
    /// allow_exec (everything readable with --allow-exec). No Landlock on the kernel: refuse (fail closed).</summary>
    static LandlockRuleset BuildLandlock(Policy.Policy policy, FilesystemView view, ExecutableClosure closure, bool isolateNet)
    {
        if (Landlock.Abi() == 0)
            throw new SandboxError("Landlock (layer 6) is not available on this kernel (needs Linux ≥ 5.13 with CONFIG_SECURITY_LANDLOCK " +
                "and landlock in the lsm= boot list); refusing to run without it. Use --best-effort to run without this layer, or --trace-only to trace without enforcement.", 125);
        var exec = closure.Executables.Concat(policy.AllowExec).Distinct().ToList();
        return Landlock.Build(new LandlockRules(view.ReadRoots, view.WriteRoots, exec, policy.AllowExecAny, Devices,
            NetworkAllowed: !isolateNet));
    }

    /// <summary>sandtrace's own environment, in its original order, without what sandtrace added for itself.</summary>
    static List<string> CurrentEnvironment() =>
        ProcessEnvironment.Read().Where(e => !SelfExec.IsOwnVariable(ProcessEnvironment.NameOf(e))).ToList();
}
