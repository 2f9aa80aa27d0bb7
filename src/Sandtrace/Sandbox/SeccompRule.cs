namespace Sandtrace.Sandbox;

/// <summary>
/// One rule of the seccomp layer beyond the plain deny list: syscall <see cref="Syscall"/> fails with
/// <see cref="Errno"/> when <c>(args[Arg] &amp; Mask) == Value</c>, or always when <see cref="Arg"/> is -1.
/// The same record drives both the libseccomp rule (SCMP_CMP_MASKED_EQ) and <see cref="SeccompFilter.ErrnoFor"/>,
/// so the tracer's attribution cannot drift from what the kernel enforces. <see cref="Label"/> is for people.
/// </summary>
internal sealed record SeccompRule(string Syscall, string Label, int Errno, int Arg, ulong Mask, ulong Value, string Why)
{
    public bool Matches(ReadOnlySpan<ulong> args) =>
        Arg < 0 || (Arg < args.Length ? (args[Arg] & Mask) == Value : Value == 0);
}
