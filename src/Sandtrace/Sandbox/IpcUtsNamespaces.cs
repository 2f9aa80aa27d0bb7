using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Extra isolation at no cost: own System V IPC / POSIX message queues (no access to the host's shared memory
/// segments) and own hostname (sethostname inside cannot rename the host). Reported with layer 1.
/// </summary>
internal static class IpcUtsNamespaces
{
    public const long CloneFlags = Native.CloneFlags.NEWIPC | Native.CloneFlags.NEWUTS;
}
