using System.Runtime.CompilerServices;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// The raw clone and everything the child does afterwards. After clone the child is a single-threaded copy of a
/// multi-threaded runtime it must not touch: no allocation, no managed calls, no GC transitions. So these methods
/// hold the clone and an interpreter over pre-built <see cref="ChildStep"/>s, calling libc's syscall only through
/// a SuppressGCTransition function pointer copied into a local. Under a JIT they are compiled before the clone
/// (CloneAndRun runs the interpreter on an empty program first): the child must not meet a compilation stub.
/// </summary>
internal static unsafe class ChildProcess
{
    /// <summary>Clones with <paramref name="flags"/>; the child runs the program and never returns.
    /// Returns the child's pid, or -errno. The child reads <paramref name="count"/> before every step: in a shared
    /// arena the parent appends steps after the clone and publishes them before releasing the child.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static long CloneAndRun(long flags, ChildStep* steps, int* count, int reportFd, long* scratch)
    {
        int empty = 0;
        Run(steps, 0, &empty, reportFd, scratch);   // returns at once; see the class summary
        long pid = RawSyscall.Fast(Sys.clone, flags, 0, 0, 0, 0, 0);
        if (pid != 0)
            return pid < 0 ? -*RawSyscall.ErrnoLocation() : pid;
        Run(steps, 0, count, reportFd, scratch);   // the child: never returns
        return 0;
    }

    /// <summary>
    /// Runs the program from step <paramref name="first"/> until it execs or exits. The fork step is a vfork: the
    /// target shares PID 1's memory until its execve — no copy of sandtrace's address space to make and then throw
    /// away (~0.2 ms of every start) — and PID 1 waits meanwhile. The target continues in a nested call, whose frame
    /// lies below this one: before that call it writes nothing PID 1 does not write again itself after the vfork
    /// (same registers, bar the result), and it never returns into this frame. Its steps change only what belongs to
    /// the task (credentials, Landlock, seccomp, descriptors, session, limits), and the scratch registers, which PID 1
    /// no longer reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static void Run(ChildStep* steps, int first, int* count, int reportFd, long* scratch)
    {
        // ---- in the child: only locals, pointers and `sc` ----
        var sc = RawSyscall.Fast;
        var vfork = RawSyscall.Vfork;
        var errnoLoc = RawSyscall.ErrnoLocation;
        long* regs = scratch;
        long* report = scratch + ChildProgram.Registers;
        int* status = (int*)(scratch + ChildProgram.Registers + 2);
        long targetPid = 0, targetStatus = 0;
        int i = first;
        if (Volatile.Read(ref *count) == 0) return;   // an empty program: CloneAndRun's compile-ahead call
        while (i < Volatile.Read(ref *count))
        {
            ChildStep* s = steps + i;
            if (s->Op == ChildStep.OpFork)
            {
                long r = vfork();
                if (r == 0) Run(steps, i + 1, count, reportFd, scratch);   // the target: never returns
                if (r < 0) goto fail;
                targetPid = r;
                i = (int)s->Jump;
                continue;
            }
            if (s->Op == ChildStep.OpReap)
            {
                // PID 1 of the namespace: reap everything (orphans are re-parented here) until nothing is left.
                while (true)
                {
                    long w = sc(Sys.wait4, -1, (long)status, Wait.__WALL, 0, 0, 0);
                    if (w < 0)
                    {
                        if (*errnoLoc() == 4) continue;   // EINTR
                        break;                            // ECHILD: the namespace is empty
                    }
                    if (w == targetPid) targetStatus = *status;
                }
                long code = (targetStatus & 0x7f) == 0 ? (targetStatus >> 8) & 0xff : 128 + (targetStatus & 0x7f);
                sc(Sys.exit_group, code, 0, 0, 0, 0, 0);
            }
            long m = s->ArgFromRegister;
            long a0 = (m & 1) != 0 ? regs[s->Args[0]] : s->Args[0];
            long a1 = (m & 2) != 0 ? regs[s->Args[1]] : s->Args[1];
            long a2 = (m & 4) != 0 ? regs[s->Args[2]] : s->Args[2];
            long a3 = (m & 8) != 0 ? regs[s->Args[3]] : s->Args[3];
            long a4 = (m & 16) != 0 ? regs[s->Args[4]] : s->Args[4];
            long a5 = (m & 32) != 0 ? regs[s->Args[5]] : s->Args[5];
            long res = sc(s->Nr, a0, a1, a2, a3, a4, a5);
            if ((s->Flags & ChildStep.FlagIgnoreFailure) == 0)
            {
                if (res == -1) goto fail;
                if ((s->Flags & ChildStep.FlagExpectResult) != 0 && res != s->Expect) { *errnoLoc() = 5; goto fail; }  // EIO
            }
            if (s->StoreRegister >= 0) regs[s->StoreRegister] = res;
            i++;
            continue;

        fail:
            report[0] = i;
            report[1] = *errnoLoc();
            sc(Sys.write, reportFd, (long)report, 16, 0, 0, 0);
            sc(Sys.exit_group, s->FailExit, 0, 0, 0, 0, 0);
        }
        sc(Sys.exit_group, ChildProgram.ExitSetupFailed, 0, 0, 0, 0, 0);
    }
}
