using Sandtrace.Native;
using Sandtrace.Sandbox;
using Xunit;

namespace Sandtrace.Tests.Support;

/// <summary>
/// Runs a <see cref="ChildProgram"/> for real in a raw-cloned child, the way the launcher does but without namespaces:
/// for tests of the child's steps, in-process (so under the test host's JIT too).
/// </summary>
internal static unsafe class RawChild
{
    /// <summary>A close-on-exec pipe.</summary>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, RawSyscall.Call(Sys.pipe2, (long)fds, SetupConst.O_CLOEXEC));
        return (fds[0], fds[1]);
    }

    /// <summary>The read and write ends of a program's go pipe (see <see cref="Program"/>).</summary>
    public readonly record struct Gate(int Read, int Write);

    /// <summary>A program for <see cref="Start"/> whose first step waits for Start's go byte, as PID 1 waits for
    /// sandtrace's. The launcher kills and redoes a clone that a garbage collection overlapped: the killed child must not
    /// have run a step yet (a target it had forked would outlive it, and the test's steps would run twice). The child
    /// keeps the pipe's descriptors open, so the numbers a test's steps expect stay as the parent saw them.</summary>
    public static ChildProgram Program(UnmanagedArena arena, out Gate gate)
    {
        var (read, write) = Pipe();
        gate = new Gate(read, write);
        var p = new ChildProgram(arena);
        p.Syscall("wait for the go byte", Sys.read, [read, (long)arena.Alloc(8), 1], flags: ChildStep.FlagExpectResult, expect: 1);
        return p;
    }

    /// <summary>Clones a child that runs <paramref name="p"/> (made by <see cref="Program"/>), reporting a failed step on
    /// <paramref name="reportWrite"/>, and lets it go. Closes <paramref name="reportWrite"/> and the gate here in the
    /// parent. Uses the launcher's own clone: no GC may be in flight at it.</summary>
    public static int Start(ChildProgram p, UnmanagedArena arena, int reportWrite, Gate gate)
    {
        try
        {
            ChildStep* steps = p.Seal();
            long* scratch = (long*)arena.Alloc(sizeof(long) * (ChildProgram.Registers + 4));
            long pid = Launcher.CloneWithoutGc(Sig.SIGCHLD, steps, p.CountCell, reportWrite, scratch, out _);
            Assert.True(pid > 0, $"clone: errno {-pid}");
            byte go = 1;
            Assert.Equal(1, RawSyscall.Call(Sys.write, gate.Write, (long)&go, 1));
            return (int)pid;
        }
        finally
        {
            RawSyscall.Call(Sys.close, reportWrite);
            RawSyscall.Call(Sys.close, gate.Read);
            RawSyscall.Call(Sys.close, gate.Write);
        }
    }

    /// <summary>Waits for the child; its wait status.</summary>
    public static int Wait(int pid)
    {
        int status;
        Libc.Wait4(pid, &status, 0, null);
        return status;
    }

    /// <summary>The step the child reported as failed, with its errno, or null; closes <paramref name="reportRead"/>.
    /// Call once the child has exited.</summary>
    public static (string Step, int Errno)? Failure(ChildProgram p, int reportRead)
    {
        long* failed = stackalloc long[2];
        long n = RawSyscall.Call(Sys.read, reportRead, (long)failed, 16);
        RawSyscall.Call(Sys.close, reportRead);
        return n == 16 ? (p.StepNames[(int)failed[0]], (int)failed[1]) : null;
    }
}
