using System.Text;
using Microsoft.Win32.SafeHandles;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// The child side of layer 6, run for real: a raw-cloned child (no namespaces) replays the steps from
/// <see cref="Landlock.AddProcRuleSteps"/> and <see cref="Landlock.AddRestrictSteps"/>, then executes the python
/// probe already restricted. /proc is not among the rules built in the parent, so the probe can read it only
/// through the rule the child added itself.
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class LandlockChildStepsTests
{
    static LandlockRules Rules() => new(["/usr"], [], ["/usr/bin", "/usr/lib"], false, ["/dev/null"], false);

    static readonly string[] Ops = ["read:/proc/self/status", "list:/proc/self/fd", "trunc:/proc/self/comm", "read:/etc/hostname"];

    [Fact]
    public void Proc_rule_added_by_the_child_opens_proc()
    {
        using var r = Landlock.Build(Rules());
        var res = RunInChild(r, addProcRule: true);
        Assert.Equal("ok", res["read:/proc/self/status"]);
        Assert.Equal("ok", res["list:/proc/self/fd"]);
        Assert.Equal("ok", res["trunc:/proc/self/comm"]);   // WRITE_FILE and TRUNCATE on /proc
        Assert.Equal("EACCES", res["read:/etc/hostname"]);  // and the ruleset is enforced
    }

    [Fact]
    public void Without_the_proc_rule_proc_is_denied()
    {
        using var r = Landlock.Build(Rules());
        var res = RunInChild(r, addProcRule: false);
        Assert.Equal("EACCES", res["read:/proc/self/status"]);
        Assert.Equal("EACCES", res["trunc:/proc/self/comm"]);
    }

    [Fact]
    public unsafe void Proc_rule_steps_name_the_reserved_slot()
    {
        using var r = Landlock.Build(Rules());
        using var arena = new UnmanagedArena();
        var p = new ChildProgram(arena);
        Landlock.AddProcRuleSteps(p, r, "/newroot/proc");
        Landlock.AddRestrictSteps(p, r);
        ChildStep* s = p.Seal();
        Assert.Equal(5, p.Count);
        Assert.Equal(Sys.openat, s[0].Nr);
        Assert.Equal(1, s[0].StoreRegister);
        Assert.Equal(Sys.dup3, s[1].Nr);
        Assert.Equal(1, s[1].ArgFromRegister);
        long slot = s[1].Args[1];
        Assert.True(slot >= 3);   // the lowest free descriptor (not a high one: growing the fd table costs a synchronize_rcu)
        Assert.Equal(LandlockSys.add_rule, s[2].Nr);
        var attr = (LandlockPathBeneathAttr*)s[2].Args[2];
        Assert.Equal(slot, attr->ParentFd);
        Assert.Equal(Landlock.ProcAccess, attr->AllowedAccess);
        // The O_PATH descriptor is closed; the slot stays open so the next openat cannot land on it (dup3 onto itself: EINVAL).
        Assert.Equal((Sys.close, 1L, 1L), (s[3].Nr, s[3].Args[0], s[3].ArgFromRegister));
        Assert.Equal((LandlockSys.restrict_self, (long)r.Fd, 0L), (s[4].Nr, s[4].Args[0], s[4].Args[1]));
    }

    static unsafe Dictionary<string, string> RunInChild(LandlockRuleset r, bool addProcRule)
    {
        var output = RawChild.Pipe();
        var report = RawChild.Pipe();
        using var arena = new UnmanagedArena();
        var p = RawChild.Program(arena, out var gate);
        p.Syscall("stdout to the pipe", Sys.dup3, [output.Write, 1, 0]);
        p.Syscall("stderr to the pipe", Sys.dup3, [output.Write, 2, 0]);
        if (addProcRule) Landlock.AddProcRuleSteps(p, r, "/proc");
        p.Syscall("set no_new_privs", Sys.prctl, [SetupConst.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0]);
        Landlock.AddRestrictSteps(p, r);
        p.Syscall("execute the probe", Sys.execve, [(long)arena.CString(LandlockProbe.Python),
            (long)arena.CStringArray(LandlockProbe.Argv(Ops)), (long)arena.CStringArray(["PATH=/usr/bin:/bin"])],
            failExit: ChildProgram.ExitExecFailed);

        int pid = RawChild.Start(p, arena, report.Write, gate);
        RawSyscall.Call(Sys.close, output.Write);
        string stdout;
        using (var stream = new FileStream(new SafeFileHandle(output.Read, ownsHandle: true), FileAccess.Read))
            stdout = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        int status = RawChild.Wait(pid);
        if (RawChild.Failure(p, report.Read) is var (step, errno))
            Assert.Fail($"child step \"{step}\" failed: {Errno.Describe(errno)}");
        Assert.True(Wait.Exited(status) && Wait.ExitCode(status) == 0, $"probe status 0x{status:x}: {stdout}");
        return LandlockProbe.Parse(stdout, Ops);
    }
}
