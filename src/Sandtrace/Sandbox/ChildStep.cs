using System.Runtime.InteropServices;

namespace Sandtrace.Sandbox;

/// <summary>One instruction of the program the raw-cloned child replays. Blittable: it lives in unmanaged memory.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ChildStep
{
    public const long OpSyscall = 0, OpFork = 1, OpReap = 2;
    public const long FlagIgnoreFailure = 1, FlagExpectResult = 2;

    public long Op;
    public long Nr;
    public fixed long Args[6];
    /// <summary>Bit i set: Args[i] is a register number whose value is passed instead.</summary>
    public long ArgFromRegister;
    /// <summary>Register that receives the result, or -1.</summary>
    public long StoreRegister;
    public long Flags;
    /// <summary>With FlagExpectResult: any other result is a failure (e.g. read() of the go byte must return 1).</summary>
    public long Expect;
    /// <summary>exit_group status used when this step fails.</summary>
    public long FailExit;
    /// <summary>OpFork: index of the first step the parent (the reaper) runs; the child continues after the fork.</summary>
    public long Jump;
}
