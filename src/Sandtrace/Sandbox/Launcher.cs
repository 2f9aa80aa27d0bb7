using System.Runtime.InteropServices;
using System.Runtime;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Starts the sandbox, following the process model of DESIGN.md §2, in two halves so the expensive kernel work
/// overlaps the planning: <see cref="Clone"/> needs only the <see cref="SandboxShape"/> — it clones PID 1 into the
/// namespaces inside a no-GC region, writes the id maps and lets the tracer seize it, while the child waits on a pipe;
/// meanwhile <see cref="AddPlanSteps"/> appends the plan's steps (mounts, Landlock, seccomp, exec) to the child's
/// program in shared memory (<see cref="Prepare"/> made it before the clone), and <see cref="PendingSandbox.Release"/>
/// publishes them and releases the child. Clone must run
/// on the tracer thread: ptrace binds a tracee to the thread that attached it, and PR_SET_PDEATHSIG to the thread
/// that cloned it.
/// </summary>
internal static unsafe class Launcher
{
    /// <summary>Address space for the child's program (steps, strings, structs); only written pages use memory.</summary>
    const long ArenaBytes = 256L << 20;

    /// <summary>The pipes and the child's program up to its wait for the go byte: what needs no plan (its network
    /// namespace, the signal resets, private mounts and, once <see cref="PendingSandbox.LetSetUp"/> says the id maps
    /// are written, the staging root). Runs on the tracer thread before <see cref="Clone"/>; the program can receive the
    /// plan's steps from then on.</summary>
    public static LaunchProgram Prepare(SandboxShape shape)
    {
        int* syncPipe = stackalloc int[2];
        int* reportPipe = stackalloc int[2];
        Check(RawSyscall.Call(Sys.pipe2, (long)syncPipe, SetupConst.O_CLOEXEC), "create the sync pipe");
        long r = RawSyscall.Call(Sys.pipe2, (long)reportPipe, SetupConst.O_CLOEXEC);
        if (r < 0)
        {
            RawSyscall.Call(Sys.close, syncPipe[0]);
            RawSyscall.Call(Sys.close, syncPipe[1]);
            Check(r, "create the report pipe");
        }
        RawSyscall.Call(Sys.fcntl, reportPipe[0], 4 /* F_SETFL */, 0x800 /* O_NONBLOCK */);

        // Shared, not copy-on-write: the steps written after the clone are the ones the child runs.
        var arena = UnmanagedArena.Shared(ArenaBytes);
        var program = new ChildProgram(arena);
        var launch = new LaunchProgram(program, syncPipe[0], syncPipe[1], reportPipe[0], reportPipe[1]);
        byte* goByte = (byte*)arena.Alloc(8);
        ulong* allSignals = (ulong*)arena.Alloc(8);
        *allSignals = ulong.MaxValue;
        program.Syscall("block all signals until the runtime's handlers are reset", Sys.rt_sigprocmask,
            [SetupConst.SIG_SETMASK, (long)allSignals, 0, 8]);
        program.Syscall("ask for SIGKILL if sandtrace dies (PR_SET_PDEATHSIG)", Sys.prctl, [SetupConst.PR_SET_PDEATHSIG, Sig.SIGKILL]);
        if (shape.NewNetworkNamespace) NetworkNamespace.AddSteps(program);
        // What needs no plan runs while sandtrace plans: PID 1 is idle until its release otherwise.
        TargetProcess.AddSignalResetSteps(program);
        MountNamespace.AddPrivateSteps(program);
        if (shape.BuildsRoot)
        {
            program.Syscall("wait until sandtrace has mapped ids and attached", Sys.read,
                [syncPipe[0], (long)goByte, 1], flags: ChildStep.FlagExpectResult, expect: 1);
            MountNamespace.AddStagingSteps(program, shape.Landlock);
        }
        program.Syscall("wait until sandtrace has mapped ids, attached and written the rest of this program", Sys.read,
            [syncPipe[0], (long)goByte, 1], flags: ChildStep.FlagExpectResult, expect: 1);
        program.Syscall("close the sync pipe", Sys.close, [syncPipe[0]]);
        program.Publish();
        return launch;
    }

    /// <summary>Clones PID 1 into the namespaces to run <paramref name="launch"/>'s program up to its wait. Takes over
    /// the launch's pipes (closed here if the clone fails); the program's arena stays with its owner, since another
    /// thread may still be appending the plan's steps.</summary>
    /// <param name="seize">Attaches the tracer to the freshly cloned PID 1 before it is released.</param>
    public static PendingSandbox Clone(LaunchProgram launch, SandboxShape shape, Func<int, string?> seize)
    {
        long started = Tracing.TraceClock.Now();
        var program = launch.Program;
        // Registers are private to PID 1 (a copy-on-write image of this buffer). The vforked target writes into PID 1's
        // until its execve; PID 1 reads none of them after the fork step (see ChildProcess.Run).
        long* scratch = (long*)NativeMemory.AllocZeroed((nuint)(sizeof(long) * (ChildProgram.Registers + 4)));

        long pid = CloneWithoutGc(shape.CloneFlags | Sig.SIGCHLD, program.Steps, program.CountCell, launch.ReportWrite, scratch, out bool windowHeld);
        NativeMemory.Free(scratch);
        LaunchProgram.Close(ref launch.SyncRead);
        LaunchProgram.Close(ref launch.ReportWrite);
        if (pid < 0)
        {
            LaunchProgram.Close(ref launch.SyncWrite);
            LaunchProgram.Close(ref launch.ReportRead);
            throw new SandboxError($"cannot create the namespaces (clone: {Errno.Describe((int)-pid)}); " + CloneFailureHint((int)-pid), 125);
        }

        int pidfd = (int)RawSyscall.Call(Sys.pidfd_open, pid, 0);
        var sandbox = new Sandbox((int)pid, pidfd, launch.ReportRead, program.StepNames);
        var pending = new PendingSandbox(sandbox, program, launch.SyncWrite);
        launch.ReportRead = launch.SyncWrite = -1;   // the sandbox and the pending release own them now
        string? error = pidfd < 0 ? $"pidfd_open: {Errno.Describe((int)-pidfd)}"
            : UserNamespace.WriteIdMaps((int)pid, shape.HostUid, shape.HostGid) ?? seize((int)pid);
        if (error == null && shape.HostUid == 0 && shape.MaxProcesses is long max)
        {
            try { sandbox.HostResources = PidsCgroup.Create(max, (int)pid); }
            catch (SandboxError e) { error = e.Message; }
        }
        if (error == null && shape.BuildsRoot) error = pending.LetSetUp();
        if (error != null)
        {
            // The child may have ended first (a step before its release failed): then its own report says why.
            var reported = pending.ReportedFailure();
            pending.Abort();
            throw reported ?? new SandboxError("cannot set up the sandbox: " + error, 125);
        }
        pending.CloneUs = Tracing.TraceClock.Micros(started, Tracing.TraceClock.Now());
        pending.NoGcWindowHeld = windowHeld;
        return pending;
    }

    static string CloneFailureHint(int errno) => errno switch
    {
        11 => "the process limit of this user (ulimit -u) is reached",
        28 => "a namespace limit is reached (sysctl user.max_user_namespaces and the other user.max_*_namespaces)",
        _ => "unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces)",
    };

    /// <summary>The plan's part of the child's program, appended after the go byte: signal resets, the root, the
    /// namespaces' own steps, the fork, the target's last steps (Landlock, seccomp) and execve, and the reaper.</summary>
    internal static void AddPlanSteps(ChildProgram program, LaunchPlan plan)
    {
        if (plan.View != null)
            MountNamespace.AddBuildRootSteps(program, plan.View, (path, kind) =>
            {
                if (kind == MountNamespace.OwnMount.Proc) PidNamespace.AddMemfdNoexecSteps(program, path, plan.HostUid);
                if (plan.Landlock == null) return;
                switch (kind)
                {
                    case MountNamespace.OwnMount.Proc: Landlock.AddProcRuleSteps(program, plan.Landlock, path); break;
                    case MountNamespace.OwnMount.Scratch: Landlock.AddMountRuleSteps(program, plan.Landlock, path, Landlock.ScratchAccess(plan.Landlock)); break;
                    case MountNamespace.OwnMount.ReadOnlyFile: Landlock.AddMountRuleSteps(program, plan.Landlock, path, Landlock.FileReadAccess); break;
                }
            }, plan.HostsFile);
        else PidNamespace.AddSteps(program);
        int fork = program.Fork("fork the target from the namespace's PID 1");
        TargetProcess.AddExecSteps(program, plan, beforeExec: () =>
        {
            // Last, in this order: Landlock needs no_new_privs (set above); seccomp goes on last so the filter blocks
            // nothing sandtrace itself still has to do.
            if (plan.Landlock != null) Landlock.AddRestrictSteps(program, plan.Landlock);
            if (plan.Seccomp != null) Seccomp.AddStep(program, plan.Seccomp);
        });
        program.PatchJump(fork, program.Count);
        program.Syscall("close every inherited descriptor in PID 1", Sys.close_range, [0, uint.MaxValue, 0]);
        program.Reap("reap processes until the namespace is empty");
    }

    /// <summary>
    /// A GC in flight at the clone would leave the single-threaded child stuck in a GC poll forever (13 of 2000
    /// children in the prototype's stress test); a no-GC region closes that window. (Blocking signals on this thread
    /// across the clone is NOT safe: the runtime suspends threads with a signal, and a suspension pending at the
    /// clone leaves the child spinning in the runtime. The child blocks its own signals as its first step.)
    /// The region does not hold against other threads: allocations on one of them that use up its budget end it and
    /// start a collection, which can be in flight at the clone (another thread allocating in a loop left 22 of 34
    /// children stuck; a CI run, with the test host's parallel tests allocating, hung 20 minutes on a child waiting in
    /// the runtime). So a clone that a collection overlapped is killed and made again, in a fresh region.
    /// </summary>
    internal static long CloneWithoutGc(long flags, ChildStep* steps, int* count, int reportFd, long* scratch, out bool windowHeld)
    {
        // Normally opened by OpenNoGcWindow before the planning started; if allocations since then used up its budget,
        // the GC has ended it and a new one is needed here (it starts with a collection that must stop every thread).
        bool noGc = windowHeld = GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                // After an overlap a larger budget, so that the same allocations cannot use it up during the clone.
                if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                    try { noGc = GC.TryStartNoGCRegion(attempt == 1 ? 1 << 20 : RetryBudget); } catch (InvalidOperationException) { }
                int collections = GC.CollectionCount(0);
                long pid = ChildProcess.CloneAndRun(flags, steps, count, reportFd, scratch);
                if (pid < 0) return pid;
                // A call with a GC transition: a collection pending at the clone must finish before this returns, so
                // the count below includes it.
                Libc.GetEuid();
                if (GC.CollectionCount(0) == collections) return pid;
                int status;
                Libc.Kill((int)pid, Sig.SIGKILL);
                Libc.Wait4((int)pid, &status, Wait.__WALL, null);
                if (attempt == MaxCloneAttempts)
                    throw new SandboxError($"cannot create the namespaces: a garbage collection overlapped the clone {MaxCloneAttempts} " +
                        "times in a row (a race inside sandtrace, not caused by the policy or the program: run it again)", 125);
            }
        }
        finally
        {
            // Other threads keep planning meanwhile; if their allocations ended the region early, there is nothing to end.
            try { if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>
    /// Opens the no-GC region of <see cref="CloneWithoutGc"/> ahead of time, on the main thread before the tracer
    /// thread exists: opening one starts with a collection that stops every thread — cheap here, up to 0.6 ms
    /// measured later with the planner busy on the other CPU. The budget covers everything allocated until the clone
    /// (about 0.5 MB for a default run) eight times over; a larger one costs more to open (16 MB: ~35 us more at every
    /// start). SANDTRACE_STATS reports whether it held (nogc_window_held).
    /// </summary>
    public static void OpenNoGcWindow()
    {
        try { GC.TryStartNoGCRegion(NoGcBudget); } catch (InvalidOperationException) { }   // already in one
    }

    const long NoGcBudget = 4L << 20;
    const int MaxCloneAttempts = 3;
    const long RetryBudget = 64L << 20;

    internal static void Check(long r, string what)
    {
        if (r < 0) throw new SandboxError($"cannot {what}: {Errno.Describe((int)-r)}", 125);
    }
}
