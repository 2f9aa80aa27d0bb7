using System.Runtime.InteropServices;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Builds, in the parent, the allocation-free program the sandboxed child runs after clone: a flat list of raw
/// syscalls (mounts, prctl, execve…) plus a fork into "reaper" (PID 1 of the namespace) and "target". Each step
/// has a human name so a failure reported by the child (step index, errno) becomes a clear message.
/// </summary>
internal sealed unsafe class ChildProgram
{
    public const int Registers = 8;
    public const int ExitSetupFailed = 125, ExitExecFailed = 127;

    readonly List<ChildStep> _steps = new();
    readonly List<string> _names = new();
    readonly List<string> _layers = new();

    public UnmanagedArena Arena { get; }
    public int Count => _steps.Count;
    public IReadOnlyList<string> StepNames => _names;

    public ChildProgram(UnmanagedArena arena) => Arena = arena;

    /// <summary>Appends a raw syscall step. <paramref name="args"/> hold literal values unless marked as registers.</summary>
    public int Syscall(string name, long nr, ReadOnlySpan<long> args, long flags = 0, long expect = 0,
        int storeRegister = -1, long argFromRegister = 0, int failExit = ExitSetupFailed)
    {
        var s = new ChildStep { Op = ChildStep.OpSyscall, Nr = nr, Flags = flags, Expect = expect, StoreRegister = storeRegister,
            ArgFromRegister = argFromRegister, FailExit = failExit };
        for (int i = 0; i < args.Length && i < 6; i++) s.Args[i] = args[i];
        return Add(name, s);
    }

    /// <summary>Splits the program: the child continues with the next step, the parent jumps to the reaper part,
    /// whose start is patched later with <see cref="PatchJump"/>.</summary>
    public int Fork(string name) => Add(name, new ChildStep { Op = ChildStep.OpFork, StoreRegister = -1, FailExit = ExitSetupFailed });

    public void PatchJump(int forkStep, int target)
    {
        var s = _steps[forkStep];
        s.Jump = target;
        _steps[forkStep] = s;
    }

    /// <summary>The reaper's final step: reap every child until none is left, then exit with the target's status.</summary>
    public int Reap(string name) => Add(name, new ChildStep { Op = ChildStep.OpReap, StoreRegister = -1 });

    int Add(string name, ChildStep s)
    {
        _steps.Add(s);
        _names.Add(name);
        return _steps.Count - 1;
    }

    /// <summary>Copies the steps into the arena for the child.</summary>
    public ChildStep* Seal()
    {
        var p = (ChildStep*)Arena.Alloc(sizeof(ChildStep) * Math.Max(_steps.Count, 1));
        for (int i = 0; i < _steps.Count; i++) p[i] = _steps[i];
        return p;
    }
}
