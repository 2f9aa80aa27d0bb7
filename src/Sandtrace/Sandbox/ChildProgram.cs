using System.Runtime.InteropServices;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Builds, in the parent, the allocation-free program the sandboxed child runs after clone: a flat list of raw
/// syscalls (mounts, prctl, execve…) plus a fork into "reaper" (PID 1 of the namespace) and "target". Each step
/// has a human name so a failure reported by the child (step index, errno) becomes a clear message.
/// The steps live in a table in the arena and the child runs those below <see cref="CountCell"/>: with a shared arena
/// the program can grow after the clone — the child waits at a step (the go byte) until the rest is written and
/// <see cref="Publish"/>ed.
/// </summary>
internal sealed unsafe class ChildProgram
{
    public const int Registers = 8;
    public const int ExitSetupFailed = 125, ExitExecFailed = 127;
    /// <summary>Steps a program may have: thousands of paths in a policy stay far below (a few steps per path).</summary>
    public const int DefaultCapacity = 1 << 16;

    readonly List<string> _names = new();
    readonly ChildStep* _table;
    readonly int _capacity;
    readonly int* _countCell;

    public UnmanagedArena Arena { get; }
    public int Count => _names.Count;
    public IReadOnlyList<string> StepNames => _names;
    /// <summary>The step table the child interprets.</summary>
    public ChildStep* Steps => _table;
    /// <summary>How many steps the child may run: written by <see cref="Publish"/>, read by the child before each step.</summary>
    public int* CountCell => _countCell;

    public ChildProgram(UnmanagedArena arena, int capacity = DefaultCapacity)
    {
        Arena = arena;
        _capacity = capacity;
        _table = (ChildStep*)arena.Alloc(sizeof(ChildStep) * capacity);
        _countCell = arena.Alloc<int>();
    }

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

    public void PatchJump(int forkStep, int target) => _table[forkStep].Jump = target;

    /// <summary>The reaper's final step: reap every child until none is left, then exit with the target's status.</summary>
    public int Reap(string name) => Add(name, new ChildStep { Op = ChildStep.OpReap, StoreRegister = -1 });

    int Add(string name, ChildStep s)
    {
        if (Count == _capacity)
            throw new SandboxError($"the sandbox's setup program would need more than {_capacity} steps (too many paths in the policy?)", 125);
        _table[Count] = s;
        _names.Add(name);
        return Count - 1;
    }

    /// <summary>Lets the child run every step appended so far.</summary>
    public void Publish() => Volatile.Write(ref *_countCell, Count);

    /// <summary>Publishes the program and returns its table (for a child cloned afterwards).</summary>
    public ChildStep* Seal()
    {
        Publish();
        return _table;
    }
}
