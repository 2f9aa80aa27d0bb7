using Sandtrace.Policy;

namespace Sandtrace.Cli;

/// <summary>CLI flags over the policy file (policies.md: CLI flags take precedence). --allow-path adds read+write.</summary>
internal static class PolicyMerger
{
    public static Policy.Policy Merge(RunArguments a, string workingDirectory)
    {
        var p = a.PolicyFile == null ? Policy.Policy.Default : PolicyLoader.Load(a.PolicyFile);
        if (a.AllowPaths.Count > 0)
        {
            var full = a.AllowPaths.Select(x => Path.GetFullPath(x, workingDirectory)).ToList();
            p = p with { AllowRead = p.AllowRead.AddRange(full), AllowWrite = p.AllowWrite.AddRange(full) };
        }
        if (a.AllowNet is bool net) p = p with { AllowNetwork = net };
        if (a.AllowExec is bool exec) p = p with { AllowExecAny = exec };
        if (a.TimeoutSeconds is double t) p = p with { Timeout = t == 0 ? null : TimeSpan.FromSeconds(t) };
        return p;
    }
}
