using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>Turns the validated policy and the command into a <see cref="LaunchPlan"/>: resolves the program,
/// chooses the namespaces and states honestly which layers are active.</summary>
internal static class LaunchPlanner
{
    public static LaunchPlan Plan(Policy.Policy policy, IReadOnlyList<string> command, bool traceOnly, string workingDirectory)
    {
        string? path = System.Environment.GetEnvironmentVariable("PATH");
        string target = CommandResolver.Resolve(command[0], path, workingDirectory);
        bool isolateNet = !policy.AllowNetwork;
        long flags = UserNamespace.CloneFlag | MountNamespace.CloneFlag | PidNamespace.CloneFlag | IpcUtsNamespaces.CloneFlags
            | (isolateNet ? NetworkNamespace.CloneFlag : 0);
        uint uid = Libc.GetEuid(), gid = Libc.GetEgid();
        string enforcementNote = traceOnly ? "skipped: --trace-only" : "not available in this build";
        var layers = new List<LayerStatus>
        {
            UserNamespace.Status(uid, gid),
            MountNamespace.Status(),
            PidNamespace.Status(),
            NetworkNamespace.Status(isolateNet),
            NoNewPrivs.Status(),
            new(6, "Landlock", false, enforcementNote),
            new(7, "seccomp-bpf", false, enforcementNote),
            new(8, "ptrace", true, "every syscall of every traced task from the target's execve"),
        };
        return new LaunchPlan(target, command, CurrentEnvironment(), workingDirectory, flags, isolateNet, uid, gid, layers);
    }

    /// <summary>sandtrace's own environment, in its original order (policy filtering comes with the policy model).</summary>
    static List<string> CurrentEnvironment() =>
        ProcessEnvironment.Read().Where(e => !SelfExec.IsOwnVariable(ProcessEnvironment.NameOf(e))).ToList();
}
