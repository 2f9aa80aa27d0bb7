using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 5. PR_SET_NO_NEW_PRIVS (setuid/setgid bits and file capabilities grant nothing on execve) and every
/// capability dropped — bounding, ambient, effective, permitted, inheritable — so the target holds no privilege
/// even inside its own user namespace, and cannot regain any by executing something.
/// </summary>
internal static class NoNewPrivs
{
    const long PR_CAPBSET_DROP = 24, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_CLEAR_ALL = 4;
    const int LinuxCapabilityVersion3 = 0x20080522;
    const long SYS_capset = 126;

    public static LayerStatus Status() =>
        new(5, "no_new_privs", true, "PR_SET_NO_NEW_PRIVS set; all capabilities dropped before execve");

    public static unsafe void AddSteps(ChildProgram p)
    {
        int lastCap = LastCapability();
        for (int cap = 0; cap <= lastCap; cap++)
            p.Syscall($"drop capability {cap} from the bounding set", Sys.prctl, [PR_CAPBSET_DROP, cap]);
        p.Syscall("clear ambient capabilities", Sys.prctl, [PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0]);
        int* header = (int*)p.Arena.Alloc(8);
        header[0] = LinuxCapabilityVersion3;
        void* data = p.Arena.Alloc(24);    // two zeroed struct __user_cap_data_struct: no capabilities at all
        p.Syscall("drop all capabilities (capset)", SYS_capset, [(long)header, (long)data]);
        p.Syscall("set no_new_privs (PR_SET_NO_NEW_PRIVS)", Sys.prctl, [SetupConst.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0]);
    }

    /// <summary>The highest capability number this kernel knows; 40 (CAP_CHECKPOINT_RESTORE, known to every kernel
    /// with Landlock) when it cannot be read. Raw syscalls: the file APIs' first use costs more than the read.</summary>
    static int LastCapability()
    {
        Span<byte> text = stackalloc byte[16];
        int n = SmallFile.Read("/proc/sys/kernel/cap_last_cap", text);
        return n > 0 && System.Buffers.Text.Utf8Parser.TryParse(text[..n], out int last, out _) && last >= 0 ? last : 40;
    }
}
