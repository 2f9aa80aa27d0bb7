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

    /// <summary>Clones a child that runs <paramref name="p"/>, reporting a failed step on <paramref name="reportWrite"/>
    /// (closed here in the parent). Uses the launcher's own clone: no GC may be in flight at it.</summary>
    public static int Start(ChildProgram p, UnmanagedArena arena, int reportWrite)
    {
        ChildStep* steps = p.Seal();
        long* scratch = (long*)arena.Alloc(sizeof(long) * (ChildProgram.Registers + 4));
        long pid = Launcher.CloneWithoutGc(Sig.SIGCHLD, steps, p.CountCell, reportWrite, scratch, out _);
        RawSyscall.Call(Sys.close, reportWrite);
        Assert.True(pid > 0, $"clone: errno {-pid}");
        return (int)pid;
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
