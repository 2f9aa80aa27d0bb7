using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 3. A new PID namespace whose PID 1 is a tiny reaper (not the target): it reaps orphans, and when it dies
/// the kernel kills everything left in the namespace, which is how a timeout or Ctrl-C ends the whole sandbox.
/// A fresh /proc is mounted so the sandbox sees only its own processes.
/// </summary>
internal static class PidNamespace
{
    public const long CloneFlag = CloneFlags.NEWPID;

    public static LayerStatus Status() =>
        new(3, "pid namespace", true, "own PID 1 reaper and fresh /proc; host processes invisible");

    /// <summary>
    /// vm.memfd_noexec=1 in the sandbox's PID namespace: memfds are created non-executable and sealed so unless a
    /// program asks for MFD_EXEC (which seccomp refuses). Landlock does not see files on internal mounts, so without
    /// this "copy a binary into a memfd and fexecve it" would run any program. Kernels before 6.3 lack the knob, and
    /// only the host's root may write it (the sysctl file belongs to the host's uid 0); for everyone the tracer also
    /// adds MFD_NOEXEC_SEAL to every memfd_create (Tracer.SealMemfd).
    /// </summary>
    public static bool MemfdNoexecSupported => File.Exists(MemfdNoexecKnob);

    const string MemfdNoexecKnob = "/proc/sys/vm/memfd_noexec";

    /// <summary>Whether this process is the host's root, who alone may write the knob. Root of a user namespace of its
    /// own (a container, `unshare -Ur` by another user) is uid 0 too, but sees the knob owned by nobody: the host's uid
    /// 0 is not mapped there.</summary>
    static bool MayWriteMemfdNoexec(uint hostUid) => hostUid == 0 && PathStat.LinkOwner(MemfdNoexecKnob) == 0;

    public static unsafe void AddMemfdNoexecSteps(ChildProgram p, string procMountPoint, uint hostUid)
    {
        if (!MemfdNoexecSupported || !MayWriteMemfdNoexec(hostUid)) return;
        byte* one = (byte*)p.Arena.Alloc(2);
        one[0] = (byte)'1';
        p.Syscall("open vm.memfd_noexec of the sandbox's PID namespace", Sys.openat,
            [SetupConst.AT_FDCWD, (long)p.Arena.CString(procMountPoint + "/sys/vm/memfd_noexec"), SetupConst.O_WRONLY | SetupConst.O_CLOEXEC],
            storeRegister: MemfdRegister);
        p.Syscall("make memfds non-executable (vm.memfd_noexec = 1)", Sys.write, [MemfdRegister, (long)one, 1], argFromRegister: 1,
            flags: ChildStep.FlagExpectResult, expect: 1);
        p.Syscall("close vm.memfd_noexec", Sys.close, [MemfdRegister], argFromRegister: 1);
    }

    const int MemfdRegister = 2;

    public static unsafe void AddSteps(ChildProgram p)
    {
        p.Syscall("mount a fresh /proc for the new PID namespace", Sys.mount,
            [(long)p.Arena.CString("proc"), (long)p.Arena.CString("/proc"), (long)p.Arena.CString("proc"),
             SetupConst.MS_NOSUID | SetupConst.MS_NODEV | SetupConst.MS_NOEXEC, 0]);
    }
}
