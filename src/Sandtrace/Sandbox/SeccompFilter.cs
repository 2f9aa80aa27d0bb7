using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A generated seccomp-bpf program (layer 7) and what it means: the instructions the child installs, and, for
/// the tracer, which x86_64 calls it answers with an errno, so a failed call can be attributed to this layer
/// (action <c>deny</c>) rather than to the program or the kernel.
/// </summary>
internal sealed class SeccompFilter
{
    readonly ulong[] _program;
    readonly HashSet<int> _denied;
    readonly Dictionary<int, SeccompRule[]> _rules;
    readonly HashSet<int> _traced;
    readonly TraceSkip[] _skips;
    readonly int[] _skipNumbers;

    /// <summary>SECCOMP_RET_TRACE data marking "denied": the tracer fails the call with the errno in the low bits.</summary>
    public const uint DenyMark = 0x8000;

    internal SeccompFilter(ulong[] program, IReadOnlyList<string> deniedNames, IEnumerable<int> deniedNumbers,
        IReadOnlyList<SeccompRule> argumentRules, int policyDeniedCount, SeccompMode mode = SeccompMode.Enforce,
        IEnumerable<int>? traced = null, IReadOnlyList<TraceSkip>? skips = null)
    {
        Mode = mode;
        // Plain loops: the filter is built at every start, and LINQ's generic chains cost NativeAOT run-time lookups there.
        _skips = skips is null ? [] : [.. skips];
        _skipNumbers = new int[_skips.Length];
        for (int i = 0; i < _skips.Length; i++) _skipNumbers[i] = Tracing.SyscallTable.NumberX64(_skips[i].Syscall);
        _traced = traced is null ? [] : new HashSet<int>(traced);
        _program = program;
        DeniedNames = deniedNames;
        _denied = new HashSet<int>(deniedNumbers);
        ArgumentRules = argumentRules;
        var grouped = new Dictionary<int, List<SeccompRule>>();
        foreach (var r in argumentRules)
        {
            int nr = Tracing.SyscallTable.NumberX64(r.Syscall);
            if (!grouped.TryGetValue(nr, out var list)) grouped[nr] = list = [];
            list.Add(r);
        }
        _rules = new Dictionary<int, SeccompRule[]>(grouped.Count);
        foreach (var (nr, list) in grouped) _rules[nr] = [.. list];
        PolicyDeniedCount = policyDeniedCount;
    }

    public SeccompMode Mode { get; }

    /// <summary>Set by <see cref="Seccomp.Verify"/> once the program passed the self-check; only then installable.</summary>
    public bool Verified { get; internal set; }

    /// <summary>Whether the filter stops x86_64 syscall <paramref name="nr"/> in the tracer (outside any rule).</summary>
    public bool IsTraced(long nr) => _traced.Contains(unchecked((int)nr));

    /// <summary>
    /// The filter's answer for an x86_64 call, as the kernel would compute it: ERRNO, TRACE (with <see cref="DenyMark"/>
    /// when it is a denial the tracer must carry out) or ALLOW. One definition for the generator's self-check.
    /// </summary>
    public uint ExpectedAction(long nr, ReadOnlySpan<ulong> args)
    {
        int errno = Mode == SeccompMode.TraceOnly ? 0 : ErrnoFor(nr, args);
        if (errno != 0)
            return Mode == SeccompMode.EnforceThroughTracer ? SeccompAbi.SECCOMP_RET_TRACE | DenyMark | (uint)errno
                : SeccompAbi.SECCOMP_RET_ERRNO | (uint)errno;
        return TracedFor(nr, args) ? SeccompAbi.SECCOMP_RET_TRACE : SeccompAbi.SECCOMP_RET_ALLOW;
    }

    /// <summary>A traced syscall that also has an argument rule is traced only when the rule does not match.</summary>
    bool TracedFor(long nr, ReadOnlySpan<ulong> args)
    {
        int n = unchecked((int)nr);
        if (!_traced.Contains(n)) return false;
        for (int i = 0; i < _skips.Length; i++)
            if (_skipNumbers[i] == n && _skips[i].Matches(args)) return false;
        if (Mode == SeccompMode.TraceOnly || !_rules.TryGetValue(n, out var rules)) return true;
        foreach (var r in rules)
            if (r.Matches(args)) return false;
        return true;
    }

    public IReadOnlyCollection<int> TracedNumbers => _traced;

    /// <summary>Traced calls that do not stop in one argument form (the descriptor form of the stat calls).</summary>
    public IReadOnlyList<TraceSkip> TraceSkips => _skips;

    /// <summary>The program: one struct sock_filter per element (code | jt &lt;&lt; 16 | jf &lt;&lt; 24 | k &lt;&lt; 32).</summary>
    public ReadOnlySpan<ulong> Instructions => _program;

    /// <summary>Every syscall answered with EPERM whatever its arguments, in order: defaults, then the policy's.</summary>
    public IReadOnlyList<string> DeniedNames { get; }

    /// <summary>Rules that depend on arguments (ioctl TIOCSTI, clone/unshare of a user namespace) and clone3.</summary>
    public IReadOnlyList<SeccompRule> ArgumentRules { get; }

    /// <summary>How many of <see cref="DeniedNames"/> came from the policy and not from the defaults.</summary>
    public int PolicyDeniedCount { get; }

    /// <summary>True when the x86_64 syscall <paramref name="nr"/> always returns EPERM under this filter. Like the
    /// kernel, only the low 32 bits count; x32 numbers (bit 30) are not "denied": the filter kills the process.</summary>
    public bool IsDenied(long nr) => _denied.Contains(unchecked((int)nr));

    /// <summary>The errno the filter makes x86_64 syscall <paramref name="nr"/> fail with for these arguments, or 0
    /// when it lets the call through.</summary>
    public int ErrnoFor(long nr, ReadOnlySpan<ulong> args)
    {
        int n = unchecked((int)nr);
        if (_denied.Contains(n)) return SeccompAbi.EPERM;
        if (_rules.TryGetValue(n, out var rules))
            foreach (var r in rules)
                if (r.Matches(args)) return r.Errno;
        return 0;
    }

    /// <summary>
    /// Copies the program into <paramref name="arena"/> and returns the address of a <c>struct sock_fprog</c>
    /// pointing at it: the third argument of <c>seccomp(SECCOMP_SET_MODE_FILTER, 0, &amp;prog)</c> in the child,
    /// which cannot allocate after the clone.
    /// </summary>
    public unsafe long InstallArgument(UnmanagedArena arena)
    {
        ulong* code = (ulong*)arena.Alloc(_program.Length * sizeof(ulong));
        _program.AsSpan().CopyTo(new Span<ulong>(code, _program.Length));
        SockFprog* prog = arena.Alloc<SockFprog>();
        prog->Len = checked((ushort)_program.Length);
        prog->Filter = (nint)code;
        return (long)prog;
    }
}
