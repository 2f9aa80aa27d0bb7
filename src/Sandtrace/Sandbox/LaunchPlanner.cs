using Sandtrace.Native;
using Sandtrace.Policy;

namespace Sandtrace.Sandbox;

/// <summary>Turns the validated policy and the command into a <see cref="LaunchPlan"/>: resolves the program and its
/// dependencies, builds the filesystem view, chooses the namespaces and states honestly which layers are active.</summary>
internal static class LaunchPlanner
{
    /// <summary>What the clone needs, from the policy alone (see <see cref="SandboxShape"/>). The caller disposes
    /// <see cref="SandboxShape.Landlock"/> once the sandbox has been released.</summary>
    public static SandboxShape Shape(Policy.Policy policy, bool traceOnly, Tracing.TraceDepth depth = Tracing.TraceDepth.All)
    {
        bool isolateNet = !policy.AllowNetwork;
        long flags = UserNamespace.CloneFlag | MountNamespace.CloneFlag | PidNamespace.CloneFlag | IpcUtsNamespaces.CloneFlags
            | (isolateNet ? NetworkNamespace.CloneFlag : 0);
        LandlockRuleset? landlock = null;
        SandboxError? landlockError = null;
        if (!traceOnly)
        {
            try { landlock = CreateLandlock(isolateNet); }
            catch (SandboxError e) { landlockError = e; }
        }
        BackgroundBuild<SeccompFilter>? seccomp = null;
        if (!traceOnly)
        {
            var mode = depth == Tracing.TraceDepth.Security ? SeccompMode.EnforceThroughTracer : SeccompMode.Enforce;
            seccomp = new(() => Sandtrace.Sandbox.Seccomp.Build(policy.DenySyscalls, mode, policy.LogOnlySyscalls));
        }
        else if (depth == Tracing.TraceDepth.Security)   // selects the traced calls, denies nothing
            seccomp = new(() => Sandtrace.Sandbox.Seccomp.Build([], SeccompMode.TraceOnly, policy.LogOnlySyscalls));
        return new SandboxShape(flags, isolateNet, Libc.GetEuid(), Libc.GetEgid(), policy.Limits?.MaxProcesses, landlock, landlockError, seccomp);
    }

    public static LaunchPlan Plan(Policy.Policy policy, IReadOnlyList<string> command, bool traceOnly, string workingDirectory,
        bool bestEffort = false, Tracing.TraceDepth depth = Tracing.TraceDepth.All, SandboxShape? shape = null)
    {
        string? path = System.Environment.GetEnvironmentVariable("PATH");
        string target = CommandResolver.Resolve(command[0], path, workingDirectory);
        shape ??= Shape(policy, traceOnly, depth);
        bool isolateNet = shape.NewNetworkNamespace;
        long flags = shape.CloneFlags;
        uint uid = shape.HostUid, gid = shape.HostGid;
        var warnings = new List<string>();
        FilesystemView? view = null;
        LandlockRuleset? landlock = null;
        SeccompFilter? seccomp = null;
        List<string> deny = [];
        List<string> interpreters = [];
        if (!traceOnly)
        {
            var closure = ExecutableDependencies.Resolve(target, path);
            warnings.AddRange(closure.Warnings);
            var read = policy.AllowRead.ToList();
            if (policy.IsDefault && Path.GetDirectoryName(target) is string dir) read.Add(dir);
            // The policy's deny rules and the built-in secrets, minus a secret the policy allowed on purpose.
            deny = [.. policy.EffectiveDenyPatterns(PolicyContext.CurrentHome())];
            var files = new List<string>(closure.Executables);
            files.AddRange(closure.Libraries);
            view = FilesystemViewBuilder.Build(read, policy.AllowWrite, files, deny);
            warnings.AddRange(view.Warnings);
            seccomp = BestEffort(bestEffort, warnings, shape.Seccomp!.Join);
            landlock = BestEffort(bestEffort, warnings, () => FillLandlock(shape, policy, view, closure, isolateNet));
            if (landlock != null) warnings.AddRange(landlock.Warnings);
            interpreters = ElfInterpreters(closure);
            interpreters.RemoveAll(policy.AllowExec.Contains);
            if (!view.IsVisible(Libc.RealPath(workingDirectory) ?? workingDirectory))
            {
                warnings.Add($"the working directory {workingDirectory} is not visible in the sandbox (allow it with --allow-path .); starting in /");
                workingDirectory = "/";
            }
        }
        const string enforcementNote = "skipped: --trace-only";
        if (traceOnly && shape.Seccomp != null) seccomp = shape.Seccomp.Join();
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
    static List<string> ElfInterpreters(ExecutableClosure closure)
    {
        var result = new List<string>();
        foreach (var e in closure.Executables)
        {
            string name = Path.GetFileName(e);
            if (!name.StartsWith("ld-", StringComparison.Ordinal) || !name.Contains(".so")) continue;
            string real = Libc.RealPath(e) ?? e;
            if (!result.Contains(real)) result.Add(real);
        }
        return result;
    }

    static readonly string[] Devices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"];

    /// <summary>Layer 6, created before the clone. No Landlock on the kernel: refuse (fail closed), raised at planning.</summary>
    static LandlockRuleset CreateLandlock(bool isolateNet)
    {
        if (Landlock.Abi() == 0)
            throw new SandboxError("Landlock (layer 6) is not available on this kernel (needs Linux ≥ 5.13 with CONFIG_SECURITY_LANDLOCK " +
                "and landlock in the lsm= boot list); refusing to run without it. Use --best-effort to run without this layer, or --trace-only to trace without enforcement.", 125);
        return Landlock.Create(LandlockRules(isolateNet, [], [], [], false));
    }

    static LandlockRules LandlockRules(bool isolateNet, IReadOnlyList<string> read, IReadOnlyList<string> write,
        IReadOnlyList<string> exec, bool execAny) => new(read, write, exec, execAny, Devices, NetworkAllowed: !isolateNet);

    /// <summary>Layer 6 mirrors the view inside the kernel; EXECUTE only for the program, its interpreters and
    /// allow_exec (everything readable with --allow-exec).</summary>
    static LandlockRuleset FillLandlock(SandboxShape shape, Policy.Policy policy, FilesystemView view, ExecutableClosure closure, bool isolateNet)
    {
        if (shape.LandlockError != null) throw shape.LandlockError;
        var ruleset = shape.Landlock ?? throw new InvalidOperationException("no Landlock ruleset in the sandbox shape");
        var exec = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in closure.Executables) if (seen.Add(e)) exec.Add(e);
        foreach (var e in policy.AllowExec) if (seen.Add(e)) exec.Add(e);
        Landlock.AddRules(ruleset, LandlockRules(isolateNet, view.ReadRoots, view.WriteRoots, exec, policy.AllowExecAny));
        return ruleset;
    }

    /// <summary>sandtrace's own environment, in its original order, without what sandtrace added for itself.</summary>
    static List<string> CurrentEnvironment()
    {
        var env = ProcessEnvironment.Read();
        var result = new List<string>(env.Count);
        foreach (var e in env) if (!SelfExec.IsOwnVariable(ProcessEnvironment.NameOf(e))) result.Add(e);
        return result;
    }
}
