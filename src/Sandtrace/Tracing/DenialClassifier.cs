using System.Text;
using Sandtrace.Events;
using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>
/// Says which layer denied a failed call, so every denial is an event with action "deny" and a rule. The kernel
/// enforces; this only explains, by checking the failure against what each layer refuses: EPERM from a syscall
/// seccomp blocks; EACCES on a path a deny rule names or Landlock does not allow; ENOENT for a path that exists on
/// the host but not in the mount view (also after following symlinks, "..", /proc/*/root on the host), or a creation in
/// a directory the view hides (a probe of a name missing on the host too is no denial); EROFS/EXDEV for
/// writes outside allow_write; no route out of the network namespace; signals to processes outside the sandbox.
/// Runs only for failed calls; the common one (a path missing on the host as well) allocates nothing, rarer ones use strings.
/// </summary>
internal sealed class DenialClassifier(Enforcement enforcement)
{
    const int ENOSYS = 38;
    const int EPERM = 1, ENOENT = 2, ESRCH = 3, EACCES = 13, EXDEV = 18, ENOTDIR = 20, EROFS = 30, ENETUNREACH = 101,
        ECONNREFUSED = 111;

    public (string Layer, string Rule)? Classify(in SyscallEvent e, DecodedArgs d, int pid)
    {
        if (!enforcement.Active || !e.IsError) return null;
        int errno = e.Errno;
        if (e.Arch != Ptrace.AUDIT_ARCH_X86_64) return null;
        if (errno == EPERM && enforcement.SeccompDenies?.Invoke(e.Nr) == true)
            return ("seccomp", $"syscall {e.Name} is blocked");
        if (errno == EPERM && e.Name == "ioctl" && (e.Args[1] & 0xffffffff) is 0x5412 or 0x541C)
            return ("seccomp", "ioctl TIOCSTI/TIOCLINUX is blocked (terminal injection)");
        if (errno == EPERM && e.Name is "clone" or "unshare" && (e.Args[0] & 0x10000000) != 0)
            return ("seccomp", "new user namespaces are blocked");
        if (errno == EPERM && e.Name == "memfd_create" && (e.Args[1] & 0x10) != 0)
            return ("seccomp", "executable memfds (MFD_EXEC) are blocked");
        if (errno == ENOSYS && e.Name == "clone3" && enforcement.SeccompDenies != null)
            return ("seccomp", "clone3 is refused with ENOSYS (its flags are unreadable by a filter; callers fall back to clone)");
        if (e.Name is "kill" or "tkill" or "tgkill" or "pidfd_open") return Signal(in e, errno);
        if (e.Category == SyscallCategory.Network) return Network(in e, d, errno);

        _baseLength = NotRead;
        string? baseDir = null;
        for (int i = 0; i < d.Count; i++)
        {
            ref readonly var a = ref d[i];
            if (a.Kind != ArgKind.String || !DecodedArgs.IsPathName(a.Name)) continue;
            var raw = d.TextOf(in a);
            if (raw.IsEmpty && errno is ENOENT or ENOTDIR) continue;
            bool creates = a.Name != "oldpath" && PathArguments.Creates(e.Nr, e.Args);
            if (errno is ENOENT or ENOTDIR && Missing(raw, d, pid, creates) is bool hidden)
            {
                if (!hidden) continue;
                return ("mount", $"{Encoding.UTF8.GetString(_full.AsSpan(0, _fullLength))} is not visible in the sandbox (not in allow_read/allow_write)");
            }
            // The rest (rare): with strings.
            string text = Encoding.UTF8.GetString(raw);
            string full = text.Length == 0 ? "" : Path.GetFullPath(text.StartsWith('/') ? text
                : Path.Join(baseDir ??= BaseDirectory(d, pid) is > 0 and int n ? Encoding.UTF8.GetString(_base, 0, n) : "/", text));
            if (Explain(in e, errno, full, creates) is { } reason) return reason;
        }
        return null;
    }

    // Most failed calls are genuine (a compiler probing include directories and PATH: thousands per build): the path is
    // missing on the host too, so the sandbox changed nothing. They are answered from bytes and one stat (a creation also
    // looks its directory up in a cache) without allocating; anything else goes the string way.
    const int NotRead = -2;
    readonly byte[] _full = new byte[2 * CPath.Max + 2], _joined = new byte[2 * CPath.Max + 2], _base = new byte[CPath.Max];
    readonly char[] _dirChars = new char[2 * CPath.Max + 2];
    int _fullLength, _baseLength;

    /// <summary>For an ENOENT/ENOTDIR path missing on the host too: false (a genuine failure), or true for a creation
    /// in a directory that exists on the host but is hidden in the sandbox. Null if the answer needs the string way
    /// (the path exists on the host; an unusual base directory; too long).</summary>
    bool? Missing(ReadOnlySpan<byte> raw, DecodedArgs d, int pid, bool creates)
    {
        ReadOnlySpan<byte> absolute = raw;
        if (raw[0] != (byte)'/')
        {
            BaseDirectory(d, pid);
            if (_baseLength <= 0 || _base[0] != (byte)'/' || _baseLength + 1 + raw.Length > _joined.Length) return null;
            _base.AsSpan(0, _baseLength).CopyTo(_joined);
            int n = _baseLength;
            if (_joined[n - 1] != (byte)'/') _joined[n++] = (byte)'/';
            raw.CopyTo(_joined.AsSpan(n));
            absolute = _joined.AsSpan(0, n + raw.Length);
        }
        _fullLength = LexicalPath.Normalize(absolute, _full.AsSpan(0, _full.Length - 1));
        if (_fullLength <= 0) return null;
        _full[_fullLength] = 0;
        if (PathStat.Exists(_full.AsSpan(0, _fullLength + 1))) return null;
        if (!creates) return false;
        // A creation in a directory the view hides: the directory exists on the host, not inside.
        var full = _full.AsSpan(0, _fullLength);
        int slash = full.LastIndexOf((byte)'/');
        var dir = slash <= 0 ? "/"u8 : full[..slash];
        int chars = Encoding.UTF8.GetChars(dir, _dirChars);
        var key = _dirChars.AsSpan(0, chars);
        return _hiddenDirectories.TryGetValue(key, out bool hidden) ? hidden : HiddenDirectory(key.ToString());
    }

    /// <summary>The directory the call's relative paths are taken from, read into <see cref="_base"/> once per call:
    /// what its directory descriptor refers to, else (none, or unreadable) the task's working directory. Its length,
    /// or -1 if unknown.</summary>
    int BaseDirectory(DecodedArgs d, int pid)
    {
        if (_baseLength != NotRead) return _baseLength;
        long dirfd = DirfdOf(d);
        _baseLength = ProcFs.BaseDirectory(pid, dirfd, _base);
        if (_baseLength < 0 && dirfd != AtFdCwd) _baseLength = ProcFs.BaseDirectory(pid, AtFdCwd, _base);
        return _baseLength;
    }

    static long DirfdOf(DecodedArgs d)
    {
        for (int i = 0; i < d.Count; i++)
        {
            ref readonly var a = ref d[i];
            if (a.Name == "dirfd" && a.Kind == ArgKind.Number) return a.Number;
        }
        return AtFdCwd;
    }

    const long AtFdCwd = -100;

    (string, string)? Explain(in SyscallEvent e, int errno, string full, bool creates)
    {
        var view = enforcement.View!;
        if (errno is ENOENT or ENOTDIR)
        {
            // Here when Missing could not answer from bytes (mostly: the path exists on the host).
            if (full.Length == 0) return null;
            if (Libc.Access(full, F_OK) == 0)
            {
                string? target = Libc.RealPath(full);
                return target != null && !view.IsVisible(target)
                    ? ("mount", $"{full} is not visible in the sandbox (not in allow_read/allow_write)") : null;
            }
            // Missing on the host too: a probe failed as it would have outside; a creation in a directory the view
            // hides was refused (the directory exists on the host, not inside).
            return creates && HiddenDirectory(Path.GetDirectoryName(full) ?? "/")
                ? ("mount", $"{full} is not visible in the sandbox (not in allow_read/allow_write)") : null;
        }
        string? real = full.Length == 0 ? null : Libc.RealPath(full);     // on the host: symlinks, "..", /proc/self/root
        bool isExec = e.Name is "execve" or "execveat";
        if (errno is EACCES or EPERM)
        {
            foreach (var candidate in new[] { full, real })
                if (candidate != null && enforcement.DenyRules.Match(Encoding.UTF8.GetBytes(candidate), null) is string rule)
                    return ("deny", $"deny \"{rule}\": {candidate}");
            if (!enforcement.Landlock) return null;
            if (isExec && full.Length == 0) return ("exec", "a program given by descriptor (fexecve): memfds are never executable (vm.memfd_noexec)");
            if (isExec) return ("landlock", $"{full} is not in allow_exec");
            string target = real ?? full;
            if (e.Category == SyscallCategory.FileWrite || e.Category == SyscallCategory.Directory)
                return view.IsWritable(target) ? null : ("landlock", $"{full} is not in allow_write");
            return view.IsVisible(target) ? null : ("landlock", $"{full} is not in allow_read");
        }
        if (errno is EROFS or EXDEV && !view.IsWritable(real ?? full))
            return ("mount", $"{full} is read-only in the sandbox (not in allow_write)");
        return null;
    }

    const int F_OK = 0;
    const int DirectoryCacheLimit = 4096;

    /// <summary>Whether a host directory is hidden in the sandbox (it exists on the host, the view does not show it),
    /// remembered: an explanation only, so a directory made or replaced during the run (rare) can at worst mislabel a
    /// failure; the layers themselves are the kernel's.</summary>
    readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _hiddenDirectories =
        new Dictionary<string, bool>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    bool HiddenDirectory(string dir)
    {
        if (_hiddenDirectories.Dictionary.TryGetValue(dir, out bool hidden)) return hidden;
        if (_hiddenDirectories.Dictionary.Count >= DirectoryCacheLimit) _hiddenDirectories.Dictionary.Clear();
        string? real = Libc.RealPath(dir);
        return _hiddenDirectories.Dictionary[dir] = real != null && !enforcement.View!.IsVisible(real);
    }

    (string, string)? Signal(in SyscallEvent e, int errno)
    {
        long target = e.Name == "tgkill" ? e.Args[1] : e.Args[0];
        if (errno == EPERM && enforcement.Landlock)
            return ("landlock", $"signals to processes outside the sandbox are not allowed (pid {target})");
        if (errno == ESRCH && target > 1 && Directory.Exists($"/proc/{target}"))
            return ("pid", $"pid {target} is a host process, outside the sandbox's PID namespace");
        return null;
    }

    (string, string)? Network(in SyscallEvent e, DecodedArgs d, int errno)
    {
        string? addr = null, family = null;
        for (int i = 0; i < d.Count; i++)
        {
            ref readonly var a = ref d[i];
            if (a.Kind == ArgKind.Number) continue;
            if (a.Name == "family") family = Encoding.UTF8.GetString(d.TextOf(in a));
            else if (a.Name is "addr" or "path") addr = Encoding.UTF8.GetString(d.TextOf(in a));
        }
        if (errno == ENETUNREACH && enforcement.NetworkIsolated)
            return ("network", $"no network: {addr ?? "the address"} is unreachable from the sandbox (only loopback exists)");
        if (errno == EACCES && enforcement.Landlock && family is "AF_INET" or "AF_INET6")
            return ("landlock", $"TCP {(e.Name == "bind" ? "bind" : "connect")} to {addr ?? "a port"} is not allowed");
        if (errno == EPERM && enforcement.Landlock && family == "AF_UNIX")
            return ("landlock", $"UNIX socket {addr} belongs to a process outside the sandbox");
        if (errno == ECONNREFUSED && enforcement.NetworkIsolated && family == "AF_UNIX" && addr is ['@', ..] && HostHasAbstract(addr[1..]))
            return ("network", $"abstract UNIX socket {addr} lives in the host's network namespace");
        return null;
    }

    static bool HostHasAbstract(string name)
    {
        try { return File.ReadLines("/proc/net/unix").Any(l => l.EndsWith(" @" + name, StringComparison.Ordinal)); }
        catch (IOException) { return false; }
    }
}
