using System.Runtime.CompilerServices;
using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>What happened to a syscall: the kernel let it run, a layer denied it, or the policy only logs it.</summary>
internal enum SyscallAction : byte { Allow, Deny, LogOnly }

[InlineArray(6)]
internal struct RawArgs { long _first; }

/// <summary>
/// One syscall, emitted when its return value is known (or when it can never return). A value type filled in place
/// by the tracer, so emitting allocates nothing; its decoded arguments travel beside it in a reused
/// <see cref="DecodedArgs"/>.
/// </summary>
internal struct SyscallEvent
{
    public long TimestampTicks;       // DateTime ticks (UTC) at syscall entry
    public int Pid;
    public uint Arch;
    public long Nr;
    public string Name;
    public RawArgs Args;
    /// <summary>False when the call never returned (exit, exit_group, or the process died inside it).</summary>
    public bool Returned;
    public long ReturnValue;          // the kernel's value; -errno when IsError
    public bool IsError;
    public long DurationUs;
    public SyscallAction Action;
    public SyscallCategory Category;
    /// <summary>With Action Deny: the layer ("seccomp", "landlock", "mount", "deny", "network") and the rule.</summary>
    public string? DenyLayer;
    public string? DenyRule;

    public readonly int Errno => IsError ? (int)-ReturnValue : 0;
}
