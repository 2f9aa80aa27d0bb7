using System.Text;
using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 1. The child is cloned into a new user namespace; the parent then maps uid and gid (each on its own) after
/// denying setgroups, which an unprivileged user must do before writing gid_map. Maps are identities, so files keep
/// their owners and programs see who they run as: an unprivileged user can map only itself (every other owner shows
/// as nobody inside); root maps every id to itself, so the sandbox sees ownership exactly as the host does.
/// </summary>
internal static class UserNamespace
{
    public const long CloneFlag = CloneFlags.NEWUSER;

    public static LayerStatus Status(uint uid, uint gid) =>
        new(1, "user namespace", true, uid == 0
            ? "all ids mapped to themselves; capabilities only inside the namespace, dropped before execve"
            : $"uid {uid} and gid {gid} mapped to themselves; other ids appear as nobody");

    static string Map(uint id) => id == 0 ? "0 0 4294967295\n" : $"{id} {id} 1\n";

    /// <summary>Writes setgroups, uid_map and gid_map of the child. Returns null or an error message.</summary>
    public static string? WriteIdMaps(int pid, uint uid, uint gid)
    {
        return Write($"/proc/{pid}/setgroups", "deny")
            ?? Write($"/proc/{pid}/uid_map", Map(uid))
            ?? Write($"/proc/{pid}/gid_map", Map(gid));
    }

    static string? Write(string path, string content)
    {
        try
        {
            // One write(2) each: the kernel accepts a map only as a single write.
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            var bytes = Encoding.ASCII.GetBytes(content);
            f.Write(bytes, 0, bytes.Length);
            f.Flush();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {path}: {e.Message}";
        }
    }
}
