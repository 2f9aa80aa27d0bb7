using System.Buffers.Text;
using Sandtrace.Native;
using Sandtrace.Tracing;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 1. The child is cloned into a new user namespace; the parent then maps uid and gid (each on its own) after
/// denying setgroups, which an unprivileged user must do before writing gid_map. Maps are identities, so files keep
/// their owners and programs see who they run as: an unprivileged user can map only itself (every other owner shows
/// as nobody inside); root maps every id to itself, so the sandbox sees ownership exactly as the host does. Root inside
/// a user namespace of its own (a container, `unshare -Ur`) can map only the ids that namespace has: those, each to
/// itself.
/// </summary>
internal static class UserNamespace
{
    public const long CloneFlag = CloneFlags.NEWUSER;

    public static LayerStatus Status(uint uid, uint gid) =>
        new(1, "user namespace", true, uid == 0
            ? "all ids mapped to themselves (in a user namespace of its own: all it has); capabilities only inside the namespace, dropped before execve"
            : $"uid {uid} and gid {gid} mapped to themselves; other ids appear as nobody");

    /// <summary>Writes setgroups, uid_map and gid_map of the child. Returns null or an error message.</summary>
    /// <remarks>On the tracer thread between the clone and the release, so on every start's critical path: raw
    /// syscalls and no interpolated strings (their first use on a thread sets up its array pool: ~50 us measured).</remarks>
    public static string? WriteIdMaps(int pid, uint uid, uint gid)
    {
        bool initial = (uid == 0 || gid == 0) && InInitialNamespace;
        return Write(ProcFs.PathOf(pid, "setgroups"), "deny"u8)
            ?? WriteMap(ProcFs.PathOf(pid, "uid_map"), uid, "/proc/self/uid_map", initial)
            ?? WriteMap(ProcFs.PathOf(pid, "gid_map"), gid, "/proc/self/gid_map", initial);
    }

    static string? WriteMap(string path, uint id, string ownMap, bool initialNamespace)
    {
        if (id != 0)
        {
            Span<byte> line = stackalloc byte[32];
            return Write(path, line[..Single(id, line)]);
        }
        if (initialNamespace) return Write(path, "0 0 4294967295\n"u8);
        if (SmallFile.ReadAll(ownMap) is not { } own) return "cannot read " + ownMap;
        var map = IdentityOf(own);
        return map.Length == 0 ? ownMap + " maps no id" : Write(path, map);
    }

    // The initial user namespace has a fixed inode number (PROC_USER_INIT_INO): one readlink instead of reading both maps.
    static bool InInitialNamespace => PathStat.ReadLink("/proc/self/ns/user") == "user:[4026531837]";

    /// <summary>"ID ID 1\n" into <paramref name="line"/>; its length.</summary>
    static int Single(uint id, Span<byte> line)
    {
        Utf8Formatter.TryFormat(id, line, out int n);
        line[n++] = (byte)' ';
        Utf8Formatter.TryFormat(id, line[n..], out int m);
        n += m;
        " 1\n"u8.CopyTo(line[n..]);
        return n + 3;
    }

    /// <summary>
    /// Root's map: every id of its own namespace's map (<paramref name="ownMap"/>, lines "inside outside count"), each
    /// to itself ("inside inside count"). In the initial namespace that is "0 0 4294967295": every id. The result is
    /// empty if no line parses; a line that does not parse ends the map there (the kernel writes well-formed lines).
    /// </summary>
    internal static byte[] IdentityOf(ReadOnlySpan<byte> ownMap)
    {
        var result = new byte[(ownMap.Count((byte)'\n') + 1) * 33];   // "ID ID COUNT\n": at most 3 × 10 digits + 3
        int n = 0;
        foreach (var range in ownMap.Split((byte)'\n'))
        {
            var line = ownMap[range].Trim((byte)' ');
            if (line.IsEmpty) continue;
            if (!Utf8Parser.TryParse(line, out uint inside, out int a)) break;
            line = line[a..].TrimStart((byte)' ');
            if (!Utf8Parser.TryParse(line, out uint _, out int b)) break;
            line = line[b..].TrimStart((byte)' ');
            if (!Utf8Parser.TryParse(line, out uint count, out int c) || c != line.Length || count == 0) break;
            Utf8Formatter.TryFormat(inside, result.AsSpan(n), out int w); n += w;
            result[n++] = (byte)' ';
            Utf8Formatter.TryFormat(inside, result.AsSpan(n), out w); n += w;
            result[n++] = (byte)' ';
            Utf8Formatter.TryFormat(count, result.AsSpan(n), out w); n += w;
            result[n++] = (byte)'\n';
        }
        return result[..n];
    }

    static string? Write(string path, ReadOnlySpan<byte> content)
    {
        int r = SmallFile.Write(path, content);
        return r == content.Length ? null
            : r < 0 ? "cannot write " + path + ": " + Errno.Describe(-r)
            : "cannot write " + path + ": short write";
    }
}
