using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 4. Unless the policy allows the network, the sandbox gets its own network namespace with only the
/// loopback interface, brought up so programs that talk to themselves over 127.0.0.1 still work.
/// </summary>
internal static class NetworkNamespace
{
    public const long CloneFlag = CloneFlags.NEWNET;
    const int LoSocketRegister = 0;

    /// <summary>
    /// The child's steps right after the clone: the namespace and its loopback brought up. A network namespace costs
    /// the kernel ~0.3 ms (loopback device, sysctl tables) and bringing lo up ~70 us more, which sandtrace would wait for
    /// before it can release the child; made here, they run on the tracer's CPU while the tracer thread waits for the
    /// plan, and neither depends on it. The user namespace the clone created gives the child CAP_SYS_ADMIN and
    /// CAP_NET_ADMIN over it, with or without id maps.
    /// </summary>
    public static void AddSteps(ChildProgram p)
    {
        p.Syscall("create the network namespace (unshare CLONE_NEWNET)", Sys.unshare, [CloneFlag]);
        AddLoopbackSteps(p);
    }

    public static LayerStatus Status(bool isolated) => isolated
        ? new(4, "network namespace", true, "only loopback (lo up); no route to the host or the internet")
        : new(4, "network namespace", false, "network allowed: the host's network is shared");

    static unsafe void AddLoopbackSteps(ChildProgram p)
    {
        // struct ifreq: name "lo" at 0, flags (short) at 16; 40 bytes.
        byte* ifr = (byte*)p.Arena.Alloc(40);
        ifr[0] = (byte)'l'; ifr[1] = (byte)'o';
        *(short*)(ifr + 16) = (short)SetupConst.IFF_UP;
        p.Syscall("open a socket to configure lo", Sys.socket,
            [SetupConst.AF_INET, SetupConst.SOCK_DGRAM | SetupConst.SOCK_CLOEXEC, 0], storeRegister: LoSocketRegister);
        p.Syscall("bring lo up (SIOCSIFFLAGS)", Sys.ioctl, [LoSocketRegister, SetupConst.SIOCSIFFLAGS, (long)ifr], argFromRegister: 1);
        p.Syscall("close the lo socket", Sys.close, [LoSocketRegister], argFromRegister: 1);
    }
}
