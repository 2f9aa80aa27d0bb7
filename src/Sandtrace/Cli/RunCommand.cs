using Sandtrace.Events;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;

namespace Sandtrace.Cli;

/// <summary>`sandtrace run`: CLI + policy → launch plan → sandboxed, traced child → events → sinks → exit status.</summary>
internal static class RunCommand
{
    public static int Execute(IReadOnlyList<string> args, Stream stderr)
    {
        var a = RunArgumentsParser.Parse(args);
        if (a.Help) { Write(stderr, HelpText.Run + "\n"); return 0; }
        if (a.Command.Count == 0) throw new UsageError("no command given: sandtrace run [OPTIONS] [--] CMD [ARGS…]");

        // The tracer thread starts first (its start-up overlaps the policy merge); it clones the sandbox while this
        // thread plans (see TraceSession).
        var session = new TraceSession();
        session.Start();
        Policy.Policy policy;
        SandboxShape shape;
        bool traceOnly;
        TraceDepth depth;
        try
        {
            policy = PolicyMerger.Merge(a, Environment.CurrentDirectory);
            // Profile "off" (acknowledged by the policy layer) means no enforcement, like --trace-only.
            traceOnly = a.TraceOnly || policy.Profile == "off";
            depth = a.TraceDepth ?? policy.TraceDepth ?? TraceDepth.All;
            shape = LaunchPlanner.Shape(policy, traceOnly, depth);
        }
        catch
        {
            session.Abort();
            throw;
        }
        using var earlyLandlock = shape.Landlock;
        var placer = new CpuPlacer(a.CpuPlacement, depth);
        session.Begin(shape, placer);
        var style = new ConsoleStyle(ConsoleStyle.ShouldColor(a.NoColor, Libc.IsATty(2) == 1, Environment.GetEnvironmentVariable("NO_COLOR")));
        TraceResult result;
        Tracer tracer;
        TraceClock clock;
        SummaryBuilder summary;
        EventFanout fanout;
        JsonlSink? jsonl = null;
        long planUs, planBytes;
        bool builtInFilter;
        try
        {
            long planStart = TraceClock.Now();
            var plan = LaunchPlanner.Plan(policy, shape, a.Command, traceOnly, Environment.CurrentDirectory, a.BestEffort, depth);
            planUs = TraceClock.Micros(planStart, TraceClock.Now());
            planBytes = GC.GetAllocatedBytesForCurrentThread();
            builtInFilter = plan.Seccomp?.Precompiled == true;
            // The child sets itself up while the sinks and the tracer are built; it stops at its first fork until traced.
            session.Release(plan);
            jsonl = a.Output == null ? null : new JsonlSink(OpenOutput(a.Output));
            summary = new SummaryBuilder();
            var console = new ConsoleSink(stderr, a.Verbosity, style);
            var sinks = new List<EventSink> { summary };
            if (jsonl != null) sinks.Add(jsonl);
            sinks.Add(console);
            fanout = new EventFanout(sinks);
            ReportLayers(stderr, style, plan, policy, a.Verbosity);

            clock = new TraceClock();
            var enforcement = plan.View == null ? Enforcement.None
                : new Enforcement(plan.View, new DenyRules(plan.DenyPatterns ?? []), SeccompDenies: plan.Seccomp is { } f ? f.IsDenied : null, Landlock: plan.Landlock != null,
                    NetworkIsolated: plan.NewNetworkNamespace, Interpreters: new HashSet<string>(plan.Interpreters ?? [], StringComparer.Ordinal),
                    SealMemfds: PidNamespace.MemfdNoexecSupported, DeniedAddresses: plan.DeniedAddresses);
            tracer = new Tracer(new TraceOptions(a.FollowForks, new HashSet<string>(policy.LogOnlySyscalls, StringComparer.Ordinal), depth, a.CpuPlacement),
                fanout, clock, enforcement, placer);
            result = session.Run(tracer, policy.Timeout);
        }
        catch
        {
            session.Abort();   // no sandbox outlives a failed plan or sink (no-op once the run has happened)
            jsonl?.Dispose();
            throw;
        }
        using var jsonlOwner = jsonl;

        int exit = ExitStatus(result, session.StopReason, out string? problem);
        long now = TraceClock.Now();
        fanout.OnSummary(summary.Build(clock.ToUtcTicks(now), clock.ElapsedMs(now), exit, session.StopReason));
        fanout.Flush();
        if (problem != null) Write(stderr, $"sandtrace: {problem}\n");
        session.Finish();   // the summary may have been written while the sandbox's PID 1 was still exiting
        if (Environment.GetEnvironmentVariable("SANDTRACE_STATS") == "1")
            Write(stderr, $"sandtrace: stats: tracer_allocated_bytes={tracer.TracerAllocatedBytes} main_allocated_bytes_until_launch={planBytes} cpu_placement_switches={tracer.Placer.Switches} pinned_at_end={(tracer.Placer.PinnedNow ? 1 : 0)} plan_us={planUs} clone_us={session.Launch?.CloneUs} nogc_window_held={(session.Launch?.NoGcWindowHeld == true ? 1 : 0)} launch_us={session.Launch?.ReleaseUs} released_by={(session.Launch?.ReleasedByTracer == true ? "tracer" : "main")} setup_us={tracer.SetupUs} summary_early={(session.ReturnedEarly ? 1 : 0)} seccomp_built_in={(builtInFilter ? 1 : 0)} total_ms={clock.ElapsedMs(TraceClock.Now())}\n");
        return exit;
    }

    static int ExitStatus(TraceResult r, string? stopReason, out string? problem)
    {
        problem = null;
        if (stopReason == "timeout") { problem = "time limit reached: every process in the sandbox was killed"; return ExitCodes.Timeout; }
        if (stopReason != null) return ExitCodes.SignalBase + TraceSession.SignalNumber(stopReason);
        if (!r.TargetExeced)
        {
            if (r.SetupFailure is var (step, errno, isExec))
            {
                problem = isExec ? $"cannot execute {step[8..]}: {ExecFailure(errno)}" : Sandbox.Sandbox.SetupFailure(step, errno);
                return isExec ? ExitCodes.CannotExecute : ExitCodes.SandboxFailed;
            }
            problem = "the sandbox ended before the program started";
            return ExitCodes.SandboxFailed;
        }
        int s = r.TargetStatus ?? 0;
        return Wait.Exited(s) ? Wait.ExitCode(s) : ExitCodes.SignalBase + Wait.TermSignal(s);
    }

    static string ExecFailure(int errno) => errno switch
    {
        13 => "permission denied (not executable, or a directory on its path is not searchable)",
        8 => "exec format error (neither a binary for this machine nor a script with #!)",
        2 => "no such file (or its ELF interpreter / #! interpreter is missing)",
        _ => Errno.Describe(errno),
    };

    static void ReportLayers(Stream stderr, ConsoleStyle c, LaunchPlan plan, Policy.Policy policy, int verbosity)
    {
        // Plain loops: on the launch path, LINQ chains cost generic virtual method lookups at run time under NativeAOT.
        var active = new List<string>();
        var inactive = new List<string>();
        foreach (var l in plan.Layers)
            if (l.Active) active.Add(l.Name);
            else inactive.Add($"{l.Name} ({l.Detail})");
        Write(stderr, $"{c.Bold}sandtrace:{c.Reset} active: {string.Join(", ", active)}" +
            (inactive.Count > 0 ? $"; {c.Yellow}NOT enforced: {string.Join(", ", inactive)}{c.Reset}" : "") + "\n");
        foreach (var w in policy.Warnings)
            Write(stderr, $"{c.Yellow}sandtrace: warning:{c.Reset} {w}\n");
        foreach (var w in plan.Warnings ?? [])
            Write(stderr, $"{c.Yellow}sandtrace: warning:{c.Reset} {w}\n");
        if (verbosity < 1) return;
        foreach (var l in plan.Layers)
            Write(stderr, $"  layer {l.Number} {l.Name,-18} {(l.Active ? c.Green + "active  " : c.Yellow + "inactive")}{c.Reset} {l.Detail}\n");
    }

    static Stream OpenOutput(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageError($"cannot open output file {path}: {e.Message}");
        }
    }

    internal static void Write(Stream s, string text)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(text);
        s.Write(b, 0, b.Length);
        s.Flush();
    }

    internal static Stream OpenStderr() => new StandardErrorStream();
}
