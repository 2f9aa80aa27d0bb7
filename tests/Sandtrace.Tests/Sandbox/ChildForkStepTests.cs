using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// The fork step of the child's program, run for real in a raw-cloned child (no namespaces) playing PID 1: the
/// target is a vfork child that shares PID 1's memory until its execve. PID 1 must resume at its own steps with
/// its state intact, whether the target execs or fails a step, and must not run before the target has exec'd.
/// In-process, so under the test host's JIT too: the child must never meet a compilation stub.
/// </summary>
[Trait("Category", "Sandbox")]
public sealed class ChildForkStepTests
{
    [Fact]
    public void Pid1_resumes_after_the_targets_execve_and_reports_its_status()
    {
        var (status, output, failure) = Run(targetFails: false);
        Assert.Null(failure);
        Assert.True(Wait.Exited(status), $"status 0x{status:x}");
        Assert.Equal(7, Wait.ExitCode(status));   // the reaper exits with the target's status
        // The target wrote T before its execve; PID 1 wrote P after the fork step, so only once the target had exec'd.
        Assert.Equal("TP", output);
    }

    [Fact]
    public void Pid1_resumes_after_a_failed_target_step()
    {
        var (status, output, failure) = Run(targetFails: true);
        Assert.Equal(("make the target fail", 9), failure);   // EBADF, reported by the target
        Assert.True(Wait.Exited(status), $"status 0x{status:x}");
        Assert.Equal(99, Wait.ExitCode(status));
        Assert.Equal("TP", output);
    }

    static unsafe (int Status, string Output, (string Step, int Errno)? Failure) Run(bool targetFails)
    {
        var output = RawChild.Pipe();
        var report = RawChild.Pipe();
        using var arena = new UnmanagedArena();
        var p = RawChild.Program(arena, out var gate);
        long t = (long)arena.CString("T"), pByte = (long)arena.CString("P");
        int fork = p.Fork("fork the target");
        p.Syscall("the target writes T", Sys.write, [output.Write, t, 1]);
        p.Syscall("the target keeps a result in a register", Sys.getpid, [], storeRegister: 0);
        if (targetFails) p.Syscall("make the target fail", Sys.close, [-1], failExit: 99);
        p.Syscall("execute the target", Sys.execve, [(long)arena.CString("/bin/sh"),
            (long)arena.CStringArray(["sh", "-c", "exit 7"]), (long)arena.CStringArray([])], failExit: ChildProgram.ExitExecFailed);
        p.PatchJump(fork, p.Count);
        p.Syscall("PID 1 writes P", Sys.write, [output.Write, pByte, 1]);
        p.Syscall("PID 1 closes the output", Sys.close, [output.Write]);
        p.Reap("reap the target");

        int pid = RawChild.Start(p, arena, report.Write, gate);
        RawSyscall.Call(Sys.close, output.Write);
        var text = new System.Text.StringBuilder();
        byte b;
        while (RawSyscall.CallBlocking(Sys.read, output.Read, (long)&b, 1) == 1) text.Append((char)b);
        RawSyscall.Call(Sys.close, output.Read);
        int status = RawChild.Wait(pid);
        return (status, text.ToString(), RawChild.Failure(p, report.Read));
    }
}
