using Sandtrace.Native;
using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 7: a seccomp-bpf filter, generated in the parent with libseccomp and installed by the child with one raw
/// <c>seccomp(SECCOMP_SET_MODE_FILTER, 0, &amp;prog)</c>. Everything is allowed except: the spec's always-blocked
/// syscalls, the calls below that break containment, and the policy's <c>[syscalls] deny</c> — all EPERM (not
/// ENOSYS: the call exists, the sandbox refuses it) — plus a few argument rules. The filter is for x86_64 only:
/// a call through another ABI (i386 via <c>int 0x80</c>, x32 numbers with bit 30) kills the process, because
/// those tables number syscalls differently and would otherwise pass unchecked.
/// </summary>
internal static class Seccomp
{
    /// <summary>spec/run-command.md, "Always-blocked syscalls".</summary>
    static readonly string[] s_specBlocked =
    [
        "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "init_module", "finit_module",
        "delete_module", "acct", "pivot_root",
    ];

    /// <summary>Denied because they break containment or only widen the kernel's attack surface. Most need a
    /// capability the sandbox has dropped (layer 5); denying them anyway means a bug in their permission checks
    /// cannot be reached. Not denied, on purpose: <c>kcmp</c> (compares kernel objects of processes the caller may
    /// already ptrace-read — with the PID namespace only the sandbox's own; it reveals nothing outside, and Mesa and
    /// systemd use it to compare descriptors); <c>statmount</c>/<c>listmount</c> (read-only, the sandbox's own
    /// mount namespace).</summary>
    static readonly (string Name, string Why)[] s_containment =
    [
        ("io_uring_setup", "io_uring runs file and network operations inside the kernel without the matching " +
            "syscalls, invisible to this filter and to the tracer; a rich source of kernel exploits. libuv (Node.js) " +
            "and others fall back to ordinary calls when setup fails"),
        ("io_uring_enter", "see io_uring_setup"),
        ("io_uring_register", "see io_uring_setup"),
        ("bpf", "loads programs into the kernel: the largest unprivileged kernel attack surface"),
        ("userfaultfd", "stalls the kernel at a chosen page fault, the standard way to win kernel race exploits"),
        ("perf_event_open", "kernel attack surface and side channel (hardware counters, kernel addresses)"),
        ("keyctl", "kernel keyrings are not confined by the namespaces: the session keyring is inherited, so a " +
            "program could read or plant the user's keys"),
        ("add_key", "see keyctl"),
        ("request_key", "see keyctl"),
        ("open_by_handle_at", "opens a file by handle, bypassing the mount view (the 'shocker' container escape)"),
        ("name_to_handle_at", "produces those handles and exposes mount ids; callers fall back on failure"),
        ("ptrace", "a sandboxed process must not control another's registers, memory or syscalls; sandtrace " +
            "already traces every task, so a second tracer could not attach anyway"),
        ("process_vm_readv", "reads another process's memory (ptrace-class access, e.g. the PID 1 reaper)"),
        ("process_vm_writev", "writes another process's memory (ptrace-class access)"),
        ("pidfd_getfd", "copies a descriptor out of another process (ptrace-class access)"),
        ("mount", "would change the filesystem view built by layer 2 (unmask, remount read-write)"),
        ("umount2", "unmounting a masking mount would reveal what it hides"),
        ("mount_setattr", "new mount API: same as mount"),
        ("move_mount", "new mount API: same as mount"),
        ("open_tree", "new mount API: clones mounts"),
        ("open_tree_attr", "new mount API (6.15): open_tree plus mount_setattr"),
        ("fsopen", "new mount API: creates filesystems"),
        ("fsconfig", "new mount API: configures filesystems"),
        ("fsmount", "new mount API: turns a configured filesystem into a mount"),
        ("fspick", "new mount API: reconfigures an existing mount"),
        ("setns", "joins another namespace through a descriptor, i.e. leaves the sandbox's"),
        ("chroot", "a classic way out of a root directory; fails anyway without capabilities, blocked so the attempt is reported"),
        ("syslog", "reads the kernel log (kernel addresses, the host's activity)"),
        ("iopl", "raw hardware I/O port access"),
        ("ioperm", "raw hardware I/O port access"),
        ("quotactl", "filesystem quota administration"),
        ("quotactl_fd", "filesystem quota administration"),
        ("vhangup", "hangs up the terminal"),
        ("lookup_dcookie", "retired profiling interface (gone in current kernels); denied so older kernels do not expose it"),
        ("nfsservctl", "retired NFS server control (gone since Linux 3.1); denied for older kernels"),
        ("uselib", "a.out-era library loader (no entry point on current x86_64 kernels); denied for older kernels"),
    ];

    /// <summary>The syscalls every filter answers with EPERM, whatever the policy says.</summary>
    public static IReadOnlyList<string> DefaultDenied { get; } = Array.AsReadOnly(DefaultDeniedNames());

    static string[] DefaultDeniedNames()
    {
        var names = new string[s_specBlocked.Length + s_containment.Length];
        s_specBlocked.CopyTo(names, 0);
        for (int i = 0; i < s_containment.Length; i++) names[s_specBlocked.Length + i] = s_containment[i].Name;
        return names;
    }

    const ulong LowWord = 0xffff_ffff;

    /// <summary>Rules that look at arguments. A rule on a syscall the deny list already covers is dropped.</summary>
    internal static IReadOnlyList<SeccompRule> ArgumentRules { get; } = Array.AsReadOnly(new SeccompRule[]
    {
        // The kernel reads ioctl's request as an unsigned int: compare the low 32 bits only, or a request with
        // junk in the high half would slip past a 64-bit equality.
        new("ioctl", "ioctl(TIOCSTI)", SeccompAbi.EPERM, 1, LowWord, SeccompAbi.TIOCSTI,
            "TIOCSTI pushes input into a terminal (the target runs in its own session too)"),
        new("ioctl", "ioctl(TIOCLINUX)", SeccompAbi.EPERM, 1, LowWord, SeccompAbi.TIOCLINUX,
            "TIOCLINUX can paste the console selection as input"),
        new("clone", "clone(CLONE_NEWUSER)", SeccompAbi.EPERM, 0, (ulong)CloneFlags.NEWUSER, (ulong)CloneFlags.NEWUSER,
            "a nested user namespace hands the program every capability again inside it: kernel attack surface"),
        new("unshare", "unshare(CLONE_NEWUSER)", SeccompAbi.EPERM, 0, (ulong)CloneFlags.NEWUSER, (ulong)CloneFlags.NEWUSER,
            "same as clone with CLONE_NEWUSER"),
        // With vm.memfd_noexec=1 (set by the PID namespace layer) a memfd is non-executable unless MFD_EXEC asks for
        // it; Landlock does not govern files of internal mounts, so an executable memfd would run code no rule covers.
        new("memfd_create", "memfd_create(MFD_EXEC)", SeccompAbi.EPERM, 1, 0x10, 0x10,
            "an executable memfd would run code that no allow_exec rule covers"),
        // clone3's flags are in memory a filter cannot read. ENOSYS, not EPERM: glibc (pthread_create, fork)
        // then falls back to clone, whose flags the rule above checks.
        new("clone3", "clone3", SeccompAbi.ENOSYS, -1, 0, 0, "flags unreadable by a filter; callers fall back to clone"),
    });

    /// <summary>
    /// Generates the filter: <see cref="DefaultDenied"/> plus <paramref name="extraDenied"/> (the policy's
    /// <c>[syscalls] deny</c>) return EPERM, the argument rules apply, everything else is allowed, other ABIs are
    /// killed. The program is checked before it is returned (see <see cref="SeccompSelfCheck"/>).
    /// </summary>
    /// <exception cref="ArgumentException">a name is not an x86_64 syscall.</exception>
    /// <exception cref="SandboxError">libseccomp is missing or fails, or the program fails the check (exit 125).</exception>
    public static SeccompFilter Build(IEnumerable<string> extraDenied, SeccompMode mode = SeccompMode.Enforce,
        IEnumerable<string>? extraTraced = null) => Verify(Generate(extraDenied, mode, extraTraced));

    /// <summary>
    /// <see cref="Build"/> without the check: the tracer thread generates the filter while the planner works, and the
    /// planner checks it (<see cref="Verify"/>) while the clone finishes. A filter that was not verified cannot be
    /// installed (<see cref="AddStep"/> refuses it).
    /// </summary>
    /// <param name="precompiled">Take the program from <see cref="SeccompPrecompiled"/> when the inputs match one
    /// (false: always libseccomp, what the tests of that table compare with).</param>
    public static SeccompFilter Generate(IEnumerable<string> extraDenied, SeccompMode mode = SeccompMode.Enforce,
        IEnumerable<string>? extraTraced = null, bool precompiled = true)
    {
        ArgumentNullException.ThrowIfNull(extraDenied);
        var names = new List<string>(DefaultDenied);
        var seen = new HashSet<string>(names, StringComparer.Ordinal);
        int fromPolicy = 0;
        foreach (string name in extraDenied)
        {
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException("empty syscall name in the seccomp deny list", nameof(extraDenied));
            if (SyscallTable.NumberX64(name) < 0)
                throw new ArgumentException($"unknown syscall '{name}' in the seccomp deny list (no x86_64 syscall has this name)",
                    nameof(extraDenied));
            if (seen.Add(name)) { names.Add(name); fromPolicy++; }
        }
        var ruleList = new List<SeccompRule>(ArgumentRules.Count);
        foreach (var r in ArgumentRules) if (!seen.Contains(r.Syscall)) ruleList.Add(r);
        SeccompRule[] rules = [.. ruleList];
        var numbers = new int[names.Count];
        for (int i = 0; i < numbers.Length; i++) numbers[i] = SyscallTable.NumberX64(names[i]);

        string[] logOnly = extraTraced is null ? [] : [.. extraTraced];
        // Traced in the security depth: the security set and the policy's log_only calls. Denied calls are traced too
        // (as denials) when the tracer carries them out, so every denial is an event.
        var traced = mode == SeccompMode.Enforce ? [] : SecurityTraceSet.Numbers(logOnly);
        TraceSkip[] skips = mode == SeccompMode.Enforce ? [] : SecurityTraceSet.Skips(logOnly);
        ulong[]? builtIn = precompiled ? SeccompPrecompiled.Find(mode, names.GetRange(names.Count - fromPolicy, fromPolicy), logOnly) : null;
        ulong[] program = builtIn ?? SeccompGenerator.Generate(LoadLibSeccomp(), names, rules, mode, traced, skips);
        return new SeccompFilter(program, names.AsReadOnly(), numbers, Array.AsReadOnly(rules), fromPolicy, mode, traced, skips)
            { Precompiled = builtIn != null };
    }

    static LibSeccompApi LoadLibSeccomp() => LibSeccomp.TryLoad(out string? error)
        ?? throw new SandboxError($"seccomp (layer 7): {error} — install the libseccomp2 package, or run with --trace-only", ExitCodeSetup);

    /// <summary>Runs <see cref="SeccompSelfCheck"/> on a program generated at this start (a built-in one passed it when
    /// sandtrace was tested); returns the filter, now installable.</summary>
    /// <exception cref="SandboxError">the program does not do what the filter says (exit 125).</exception>
    public static SeccompFilter Verify(SeccompFilter filter)
    {
        // A precompiled program passed this same check against the same inputs when sandtrace was built and tested
        // (SeccompPrecompiledTests): the check is a pure function of the program and those inputs.
        if (filter.Precompiled) { filter.Verified = true; return filter; }
        if (SeccompSelfCheck.Problem(filter) is { } problem)
            throw new SandboxError($"seccomp (layer 7): the filter generated by libseccomp is not what sandtrace requires: {problem}",
                ExitCodeSetup);
        filter.Verified = true;
        return filter;
    }

    internal const int ExitCodeSetup = 125;

    public static LayerStatus Status(SeccompFilter f)
    {
        int spec = s_specBlocked.Length, containment = f.DeniedNames.Count - spec - f.PolicyDeniedCount;
        string policy = f.PolicyDeniedCount > 0 ? $", {f.PolicyDeniedCount} from the policy" : "";
        var epermLabels = new List<string>();
        var enosysLabels = new List<string>();
        foreach (var r in f.ArgumentRules)
            if (r.Errno == SeccompAbi.EPERM) epermLabels.Add(r.Label);
            else if (r.Errno == SeccompAbi.ENOSYS) enosysLabels.Add(r.Label);
        string eperm = string.Join(", ", epermLabels), enosys = string.Join(", ", enosysLabels);
        string rules = (eperm.Length > 0 ? $"; {eperm} EPERM" : "") + (enosys.Length > 0 ? $"; {enosys} ENOSYS" : "");
        string traced = f.Mode == SeccompMode.EnforceThroughTracer ? $"; {f.TracedNumbers.Count} syscalls stop in the tracer (--trace=security)" : "";
        return new LayerStatus(7, "seccomp-bpf", true,
            $"{f.DeniedNames.Count} syscalls return EPERM ({spec} always blocked, {containment} containment{policy})" +
            $"{rules}; other ABIs (i386, x32) killed{traced}");
    }

    /// <summary>
    /// Appends the child step that installs <paramref name="f"/>. It must come after the no_new_privs step (the
    /// kernel refuses a filter from an unprivileged task without it) and after every mount step (the filter denies
    /// mount and pivot_root); it is inherited across fork and execve and cannot be removed.
    /// </summary>
    public static void AddStep(ChildProgram p, SeccompFilter f)
    {
        if (!f.Verified) throw new InvalidOperationException("a seccomp filter must pass the self-check before it is installed");
        p.Syscall("install the seccomp-bpf filter (layer 7)", SeccompAbi.SYS_seccomp,
            [SeccompAbi.SECCOMP_SET_MODE_FILTER, 0, f.InstallArgument(p.Arena)]);
    }
}
