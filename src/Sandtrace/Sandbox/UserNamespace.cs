using System.Buffers.Text;
using Sandtrace.Native;
using Sandtrace.Tracing;

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

    /// <summary>Writes setgroups, uid_map and gid_map of the child. Returns null or an error message.</summary>
    /// <remarks>On the tracer thread between the clone and the release, so on every start's critical path: raw
    /// syscalls and no interpolated strings (their first use on a thread sets up its array pool: ~50 us measured).</remarks>
    public static string? WriteIdMaps(int pid, uint uid, uint gid)
    {
        Span<byte> map = stackalloc byte[40];
        return Write(ProcFs.PathOf(pid, "setgroups"), "deny"u8)
            ?? Write(ProcFs.PathOf(pid, "uid_map"), map[..Map(uid, map)])
            ?? Write(ProcFs.PathOf(pid, "gid_map"), map[..Map(gid, map)]);
    }

    /// <summary>"0 0 4294967295\n" (root: every id to itself) or "ID ID 1\n" into <paramref name="line"/>; its length.</summary>
    static int Map(uint id, Span<byte> line)
    {
        if (id == 0) { "0 0 4294967295\n"u8.CopyTo(line); return 15; }
        Utf8Formatter.TryFormat(id, line, out int n);
        line[n++] = (byte)' ';
        Utf8Formatter.TryFormat(id, line[n..], out int m);
        n += m;
        " 1\n"u8.CopyTo(line[n..]);
        return n + 3;
    }

    static string? Write(string path, ReadOnlySpan<byte> content)
    {
        int r = SmallFile.Write(path, content);
        return r == content.Length ? null
            : r < 0 ? "cannot write " + path + ": " + Errno.Describe(-r)
            : "cannot write " + path + ": short write";
    }
}
