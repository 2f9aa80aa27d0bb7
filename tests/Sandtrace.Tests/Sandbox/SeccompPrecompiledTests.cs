using System.Text;
using Sandtrace.Native;
using Sandtrace.Policy;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Native;
using Sandtrace.Tests.Support;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// The seccomp programs built into sandtrace (SeccompPrecompiled.g.cs) are libseccomp's, for exactly their inputs, and
/// pass the self-check the run-time path would have run. With SANDTRACE_REGENERATE_SECCOMP=1 the table test rewrites
/// the file from libseccomp instead (then rebuild and run the tests again).
/// </summary>
public class SeccompPrecompiledTests
{
    static SeccompFilter FromTable(SeccompPrecompiled.Key k) => Seccomp.Generate(k.Deny, k.Mode, k.LogOnly);
    static SeccompFilter FromLibseccomp(SeccompPrecompiled.Key k) => Seccomp.Generate(k.Deny, k.Mode, k.LogOnly, precompiled: false);

    public static TheoryData<int> KeyIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < SeccompPrecompiled.Keys.Length; i++) data.Add(i);
        return data;
    }

    [Fact]
    public void TheTableHoldsLibseccompsProgramForEveryKey()
    {
        if (Environment.GetEnvironmentVariable("SANDTRACE_REGENERATE_SECCOMP") == "1")
        {
            Regenerate();
            return;
        }
        string version = LibSeccompTestInterop.Version();
        Assert.True(version == SeccompPrecompiled.LibSeccompVersion,
            $"the table was generated with libseccomp {SeccompPrecompiled.LibSeccompVersion}, this machine has {version}: " +
            "regenerate it (SANDTRACE_REGENERATE_SECCOMP=1) only on purpose, and review the difference");
        Assert.Equal(SeccompPrecompiled.Count, SeccompPrecompiled.Keys.Length);
        foreach (var key in SeccompPrecompiled.Keys)
        {
            var table = FromTable(key);
            Assert.True(table.Precompiled, $"{key}: not taken from the table");
            Assert.True(FromLibseccomp(key).Instructions.SequenceEqual(table.Instructions),
                $"{key}: libseccomp now generates another program for these inputs (the filter's rules changed?): " +
                "rerun the tests with SANDTRACE_REGENERATE_SECCOMP=1 to rewrite SeccompPrecompiled.g.cs");
        }
    }

    [Theory]
    [MemberData(nameof(KeyIndexes))]
    public void EachProgramPassesTheSelfCheckTheRunSkips(int index)
    {
        var f = FromTable(SeccompPrecompiled.Keys[index]);
        Assert.True(f.Precompiled);
        Assert.Null(SeccompSelfCheck.Problem(f));
        Assert.True(Seccomp.Verify(f).Verified);
    }

    [Fact]
    public void TheSelfCheckCatchesAProgramThatDoesNotMatchItsInputs()
    {
        // What the self-check test above relies on: a changed rule list (here one name more) or a changed program fails.
        var key = SeccompPrecompiled.Keys[0];
        var table = FromTable(key);
        var wider = Seccomp.Generate(["chmod"], key.Mode, key.LogOnly, precompiled: false);
        var mismatched = new SeccompFilter(table.Instructions.ToArray(), wider.DeniedNames, [.. wider.DeniedNames.Select(SyscallTable.NumberX64)],
            wider.ArgumentRules, wider.PolicyDeniedCount, key.Mode);
        Assert.Contains("chmod", SeccompSelfCheck.Problem(mismatched));

        ulong[] program = table.Instructions.ToArray();
        int allow = Array.FindLastIndex(program, i => SockFilter.FromRaw(i).Code == (SeccompAbi.BPF_RET | SeccompAbi.BPF_K)
            && SockFilter.FromRaw(i).K == SeccompAbi.SECCOMP_RET_ERRNO + SeccompAbi.EPERM);
        Assert.True(allow >= 0, "no EPERM return in the program");
        program[allow] = (program[allow] & 0xffff_ffff) | ((ulong)SeccompAbi.SECCOMP_RET_ALLOW << 32);
        var broken = new SeccompFilter(program, table.DeniedNames, [.. table.DeniedNames.Select(SyscallTable.NumberX64)],
            table.ArgumentRules, table.PolicyDeniedCount, key.Mode);
        Assert.NotNull(SeccompSelfCheck.Problem(broken));
    }

    [Theory]
    [InlineData(new[] { "chmod" }, new string[0], (int)SeccompMode.Enforce)]
    [InlineData(new string[0], new[] { "chmod" }, (int)SeccompMode.EnforceThroughTracer)]
    [InlineData(new string[0], new[] { "personality", "setsid" }, (int)SeccompMode.TraceOnly)]   // another order: another key
    public void OtherInputsAreGeneratedByLibseccompAndSelfChecked(string[] deny, string[] logOnly, int mode)
    {
        var f = Seccomp.Generate(deny, (SeccompMode)mode, logOnly);
        Assert.False(f.Precompiled);
        Assert.False(f.Verified);
        Assert.True(Seccomp.Verify(f).Verified);
    }

    [Fact]
    public void DefaultsDuplicatedInThePolicyAndLogOnlyUnderEnforceUseTheTable()
    {
        // strict.toml denies mount, ptrace and reboot, which are defaults: the filter is the default one.
        Assert.True(Seccomp.Generate(["mount", "ptrace", "reboot"], SeccompMode.Enforce, []).Precompiled);
        // Under Enforce (the `all` depth) log_only adds nothing to the filter.
        Assert.True(Seccomp.Generate([], SeccompMode.Enforce, ["chmod"]).Precompiled);
    }

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string> { "(default)" };
        foreach (string f in Directory.GetFiles(Path.Combine(EventSchema.FindRepoRoot(), "examples"), "*.toml").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void TheDefaultPolicyAndEveryExampleStartWithoutLibseccomp(string name)
    {
        var policy = name == "(default)" ? Sandtrace.Policy.Policy.Default
            : PolicyLoader.Load(Path.Combine(EventSchema.FindRepoRoot(), "examples", name), new PolicyContext("/", "/nonexistent-home", UnsafeAck: true));
        // As LaunchPlanner.Shape asks for each depth, enforcing and --trace-only.
        Assert.True(Seccomp.Generate(policy.DenySyscalls, SeccompMode.Enforce, policy.LogOnlySyscalls).Precompiled, "--trace=all");
        Assert.True(Seccomp.Generate(policy.DenySyscalls, SeccompMode.EnforceThroughTracer, policy.LogOnlySyscalls).Precompiled, "--trace=security");
        Assert.True(Seccomp.Generate([], SeccompMode.TraceOnly, policy.LogOnlySyscalls).Precompiled, "--trace=security --trace-only");
    }

    static void Regenerate()
    {
        var s = new StringBuilder();
        string version = LibSeccompTestInterop.Version();
        s.Append("// Generated by SeccompPrecompiledTests (SANDTRACE_REGENERATE_SECCOMP=1) with libseccomp ").Append(version)
            .Append(". Do not edit.\n// One program per SeccompPrecompiled.Keys entry, in that order.\n")
            .Append("namespace Sandtrace.Sandbox;\n\ninternal static partial class SeccompPrecompiled\n{\n")
            .Append($"    internal const string LibSeccompVersion = \"{version}\";\n")
            .Append($"    internal const int Count = {SeccompPrecompiled.Keys.Length};\n\n")
            .Append("    static ReadOnlySpan<ulong> Program(int key) => key switch\n    {\n");
        for (int i = 0; i < SeccompPrecompiled.Keys.Length; i++) s.Append($"        {i} => P{i},\n");
        s.Append("        _ => default,\n    };\n");
        for (int i = 0; i < SeccompPrecompiled.Keys.Length; i++)
        {
            var key = SeccompPrecompiled.Keys[i];
            var program = FromLibseccomp(key).Instructions;
            s.Append($"\n    // {key}: {program.Length} instructions\n    static ReadOnlySpan<ulong> P{i} =>\n    [");
            for (int j = 0; j < program.Length; j++)
                s.Append(j % 4 == 0 ? "\n        " : " ").Append($"0x{program[j]:x16},");
            s.Append("\n    ];\n");
        }
        s.Append("}\n");
        File.WriteAllText(Path.Combine(EventSchema.FindRepoRoot(), "src", "Sandtrace", "Sandbox", "SeccompPrecompiled.g.cs"), s.ToString());
    }
}
