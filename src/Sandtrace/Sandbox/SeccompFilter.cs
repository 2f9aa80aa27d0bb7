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
    // Indexed by x86_64 number (numbers past the end: not denied, no rule, not traced). The self-check asks for every
    // number and the tracer for each failed call: an array read instead of a hash lookup.
    readonly bool[] _denied;
    readonly SeccompRule[]?[] _rules;
    readonly bool[] _traced;
    readonly int[] _tracedNumbers;
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
        var tracedSet = traced is null ? [] : new HashSet<int>(traced);
        _tracedNumbers = [.. tracedSet];
        _traced = Flags(_tracedNumbers);
        _program = program;
        DeniedNames = deniedNames;
        _denied = Flags(deniedNumbers);
        ArgumentRules = argumentRules;
        var ruleNumbers = new int[argumentRules.Count];
        for (int i = 0; i < ruleNumbers.Length; i++) ruleNumbers[i] = Tracing.SyscallTable.NumberX64(argumentRules[i].Syscall);
        _rules = new SeccompRule[]?[Math.Max(0, MaxOf(ruleNumbers) + 1)];
        for (int i = 0; i < ruleNumbers.Length; i++)
            if (ruleNumbers[i] >= 0) _rules[ruleNumbers[i]] = [.. _rules[ruleNumbers[i]] ?? [], argumentRules[i]];   // in list order
        PolicyDeniedCount = policyDeniedCount;
    }

    static bool[] Flags(IEnumerable<int> numbers)
    {
        var list = new List<int>(numbers);
        var flags = new bool[Math.Max(0, MaxOf(list) + 1)];
        foreach (int n in list)
            if (n >= 0) flags[n] = true;
        return flags;
    }

    /// <summary>The highest x86_64 number given (-1 for none); anything past the syscall table is a caller's bug (it
    /// would size the lookup arrays).</summary>
    static int MaxOf(IReadOnlyList<int> numbers)
    {
        int max = -1;
        for (int i = 0; i < numbers.Count; i++) max = Math.Max(max, numbers[i]);
        return max < MaxNumber ? max : throw new ArgumentOutOfRangeException(nameof(numbers), max, "not an x86_64 syscall number");
    }

    const int MaxNumber = 4096;

    static bool Has(bool[] flags, int n) => (uint)n < (uint)flags.Length && flags[n];

    SeccompRule[]? RulesFor(int n) => (uint)n < (uint)_rules.Length ? _rules[n] : null;

    public SeccompMode Mode { get; }

    /// <summary>Set by <see cref="Seccomp.Verify"/> once the program passed the self-check; only then installable.</summary>
    public bool Verified { get; internal set; }

    /// <summary>Whether the filter stops x86_64 syscall <paramref name="nr"/> in the tracer (outside any rule).</summary>
    public bool IsTraced(long nr) => Has(_traced, unchecked((int)nr));

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
        if (!Has(_traced, n)) return false;
        for (int i = 0; i < _skips.Length; i++)
            if (_skipNumbers[i] == n && _skips[i].Matches(args)) return false;
        if (Mode == SeccompMode.TraceOnly || RulesFor(n) is not { } rules) return true;
        foreach (var r in rules)
            if (r.Matches(args)) return false;
        return true;
    }

    public IReadOnlyCollection<int> TracedNumbers => _tracedNumbers;

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
    public bool IsDenied(long nr) => Has(_denied, unchecked((int)nr));

    /// <summary>The errno the filter makes x86_64 syscall <paramref name="nr"/> fail with for these arguments, or 0
    /// when it lets the call through.</summary>
    public int ErrnoFor(long nr, ReadOnlySpan<ulong> args)
    {
        int n = unchecked((int)nr);
        if (Has(_denied, n)) return SeccompAbi.EPERM;
        if (RulesFor(n) is { } rules)
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
