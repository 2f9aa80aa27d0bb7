using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 2. A private mount namespace: every mount is made private first so nothing the sandbox mounts propagates
/// back to the host. The policy's filesystem view (built root, binds, masks) is not applied by this build.
/// </summary>
internal static class MountNamespace
{
    public const long CloneFlag = CloneFlags.NEWNS;

    public static LayerStatus Status() =>
        new(2, "mount namespace", true, "private mounts; host filesystem visible as-is (no policy view in this build)");

    public static unsafe void AddSteps(ChildProgram p)
    {
        p.Syscall("make all mounts private (mount --make-rprivate /)", Sys.mount,
            [0, (long)p.Arena.CString("/"), 0, SetupConst.MS_REC | SetupConst.MS_PRIVATE, 0]);
    }
}
