using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 2. A private mount namespace (nothing propagates back to the host). When enforcing, the filesystem is built,
/// not inherited: a fresh tmpfs root holding read-only binds of allow_read, read-write binds of allow_write, the
/// program's own files, recreated symlinks, masks over denied paths, a fresh /proc and a minimal /dev; then
/// pivot_root and the old root detached. Paths outside the policy do not exist inside.
/// </summary>
internal static class MountNamespace
{
    public const long CloneFlag = CloneFlags.NEWNS;
    const string Stage = "/tmp";                 // any existing directory: the staging tmpfs is mounted over it
    const string NewRoot = "/newroot", OldRoot = "/oldroot";
    static readonly string[] DeviceNodes = ["null", "zero", "full", "random", "urandom", "tty"];

    public static LayerStatus Status(FilesystemView? view) => view == null
        ? new(2, "mount namespace", true, "private mounts; host filesystem visible (--trace-only)")
        : new(2, "mount namespace", true,
            $"built root: {view.ReadRoots.Count} read-only and {view.WriteRoots.Count} writable paths, {view.Masks.Count} masked, fresh /proc, minimal /dev");

    public static unsafe void AddPrivateSteps(ChildProgram p)
    {
        p.Syscall("make all mounts private (mount --make-rprivate /)", Sys.mount,
            [0, (long)p.Arena.CString("/"), 0, SetupConst.MS_REC | SetupConst.MS_PRIVATE, 0]);
    }

    /// <summary>A filesystem the child mounts itself: no host rule covers a new superblock, so Landlock adds its own.</summary>
    internal enum OwnMount { Proc, Scratch, ReadOnlyFile }

    /// <summary>
    /// The part of building the root that depends on no plan: a staging tmpfs becomes the root (the host's stays
    /// reachable at /oldroot for the binds) and the sandbox's root tmpfs is mounted in it, with its Landlock rule when
    /// the sandbox has a <paramref name="landlock"/> ruleset. PID 1 runs these while sandtrace still plans (they need
    /// the id maps written: creating a directory with an unmapped uid fails); <see cref="AddBuildRootSteps"/> follows.
    /// </summary>
    public static unsafe void AddStagingSteps(ChildProgram p, LandlockRuleset? landlock)
    {
        long S(string s) => (long)p.Arena.CString(s);
        long[] tmpfs(string dst) => [S("tmpfs"), S(dst), S("tmpfs"), SetupConst.MS_NOSUID | SetupConst.MS_NODEV, S("mode=0755")];
        p.Syscall("mount the staging tmpfs", Sys.mount, tmpfs(Stage));
        p.Syscall("enter the staging tmpfs", Sys.chdir, [S(Stage)]);
        p.Syscall("create directory newroot", Sys.mkdir, [S("newroot"), 0x1ed], flags: ChildStep.FlagIgnoreFailure);
        p.Syscall("create directory oldroot", Sys.mkdir, [S("oldroot"), 0x1ed], flags: ChildStep.FlagIgnoreFailure);
        p.Syscall("pivot into the staging tmpfs", Sys.pivot_root, [S("."), S("oldroot")]);
        p.Syscall("enter the staging root", Sys.chdir, [S("/")]);
        p.Syscall("mount the sandbox's root tmpfs", Sys.mount, tmpfs(NewRoot));
        // Listing directories of the view is harmless (everything visible may be read) and programs expect "ls /" to
        // work; nothing else is granted on the skeleton root.
        if (landlock != null) Landlock.AddMountRuleSteps(p, landlock, NewRoot, Landlock.DirectoryListingAccess);
    }

    /// <summary>Builds the rest of the new root (after <see cref="AddStagingSteps"/>) and pivots into it.
    /// <paramref name="afterOwnMount"/> runs right after the child mounts a filesystem of its own, with the path it has
    /// at that moment.</summary>
    public static unsafe void AddBuildRootSteps(ChildProgram p, FilesystemView view, Action<string, OwnMount>? afterOwnMount,
        string? hostsFile = null)
    {
        var a = p.Arena;
        long S(string s) => (long)a.CString(s);
        void Mount(string what, string? src, string dst, string? type, long flags, string? data, long stepFlags = 0) =>
            p.Syscall(what, Sys.mount, [src == null ? 0 : S(src), S(dst), type == null ? 0 : S(type), flags, data == null ? 0 : S(data)], flags: stepFlags);
        void Mkdir(string path, int mode = 0x1ed) =>
            p.Syscall($"create directory {path}", Sys.mkdir, [S(path), mode], flags: ChildStep.FlagIgnoreFailure);
        void MkdirP(string path)
        {
            string cur = "";
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries)) { cur += "/" + part; Mkdir(cur); }
        }
        void Touch(string path)
        {
            p.Syscall($"create mount point {path}", Sys.openat, [SetupConst.AT_FDCWD, S(path), SetupConst.O_CREAT | SetupConst.O_CLOEXEC, 0x1a4],
                flags: ChildStep.FlagIgnoreFailure, storeRegister: 1);
            p.Syscall("close it", Sys.close, [1], argFromRegister: 1, flags: ChildStep.FlagIgnoreFailure);
        }
        void Attr(string what, string path, long set, bool recursive)
        {
            long* attr = (long*)a.Alloc(32);     // struct mount_attr { u64 attr_set, attr_clr, propagation, userns_fd }
            attr[0] = set;
            p.Syscall(what, Sys.mount_setattr, [SetupConst.AT_FDCWD, S(path), recursive ? SetupConst.AT_RECURSIVE : 0, (long)attr, 32]);
        }

        // 1. Done by AddStagingSteps before the release: the staging root, with the sandbox's root tmpfs at /newroot.
        // 2. Binds, parents before children; read-only ones made read-only (recursively) before anything nests inside.
        foreach (var b in view.Binds)
        {
            string dst = NewRoot + b.Path;
            if (b.IsDirectory) MkdirP(dst);
            else { MkdirP(Path.GetDirectoryName(dst)!); Touch(dst); }
            Mount($"bind {(b.Writable ? "read-write" : "read-only")} {b.Path}", OldRoot + b.Path, dst, null, SetupConst.MS_BIND | SetupConst.MS_REC, null);
            Attr($"make {b.Path} {(b.Writable ? "nosuid,nodev" : "read-only,nosuid,nodev")}", dst,
                SetupConst.MOUNT_ATTR_NOSUID | SetupConst.MOUNT_ATTR_NODEV | (b.Writable ? 0 : SetupConst.MOUNT_ATTR_RDONLY), recursive: true);
        }
        foreach (var (link, target) in view.Symlinks)
        {
            MkdirP(Path.GetDirectoryName(NewRoot + link)!);
            p.Syscall($"recreate symlink {link} -> {target}", Sys.symlink, [S(target), S(NewRoot + link)], flags: ChildStep.FlagIgnoreFailure);
        }

        // 3. Masks: an unreadable empty file or directory over every existing denied path.
        Mkdir("/masks", 0x1c0);
        Mkdir("/masks/dir", 0);
        Touch("/masks/file");
        p.Syscall("make the mask file unreadable", Sys.fchmodat, [SetupConst.AT_FDCWD, S("/masks/file"), 0]);
        foreach (var (path, isDir, rule) in view.Masks)
        {
            string dst = NewRoot + path;
            Mount($"mask {path} (deny \"{rule}\")", isDir ? "/masks/dir" : "/masks/file", dst, null, SetupConst.MS_BIND, null);
            Attr($"make the mask over {path} read-only", dst, SetupConst.MOUNT_ATTR_RDONLY | SetupConst.MOUNT_ATTR_NOSUID | SetupConst.MOUNT_ATTR_NODEV, false);
        }

        // 3b. The /etc/hosts of [network] denied_domains: written into the staging tmpfs, bound read-only.
        if (hostsFile != null)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(hostsFile);
            byte* content = (byte*)a.Alloc(bytes.Length);
            bytes.CopyTo(new Span<byte>(content, bytes.Length));
            p.Syscall("create the sandbox's /etc/hosts", Sys.openat,
                [SetupConst.AT_FDCWD, S("/masks/hosts"), SetupConst.O_CREAT | SetupConst.O_WRONLY | SetupConst.O_CLOEXEC, 0x1a4], storeRegister: 1);
            p.Syscall("write it", Sys.write, [1, (long)content, bytes.Length], argFromRegister: 1, flags: ChildStep.FlagExpectResult, expect: bytes.Length);
            p.Syscall("close it", Sys.close, [1], argFromRegister: 1);
            afterOwnMount?.Invoke("/masks/hosts", OwnMount.ReadOnlyFile);
            MkdirP(NewRoot + "/etc");
            Touch(NewRoot + "/etc/hosts");
            Mount("bind the sandbox's /etc/hosts (denied_domains)", "/masks/hosts", NewRoot + "/etc/hosts", null, SetupConst.MS_BIND, null);
            Attr("make /etc/hosts read-only", NewRoot + "/etc/hosts", SetupConst.MOUNT_ATTR_RDONLY | SetupConst.MOUNT_ATTR_NOSUID | SetupConst.MOUNT_ATTR_NODEV, false);
        }

        // 4. A fresh /proc for the PID namespace and a minimal /dev.
        MkdirP(NewRoot + "/proc");
        Mount("mount a fresh /proc for the PID namespace", "proc", NewRoot + "/proc", "proc",
            SetupConst.MS_NOSUID | SetupConst.MS_NODEV | SetupConst.MS_NOEXEC, null);
        afterOwnMount?.Invoke(NewRoot + "/proc", OwnMount.Proc);
        MkdirP(NewRoot + "/dev");
        Mount("mount a tmpfs on /dev", "tmpfs", NewRoot + "/dev", "tmpfs", SetupConst.MS_NOSUID | SetupConst.MS_NOEXEC, "mode=0755");
        foreach (var d in DeviceNodes)
        {
            Touch($"{NewRoot}/dev/{d}");
            Mount($"bind /dev/{d}", $"{OldRoot}/dev/{d}", $"{NewRoot}/dev/{d}", null, SetupConst.MS_BIND, null,
                d == "tty" ? ChildStep.FlagIgnoreFailure : 0);   // no controlling terminal under CI: /dev/tty may be unusable
        }
        foreach (var (name, target) in new[] { ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2") })
            p.Syscall($"symlink /dev/{name}", Sys.symlink, [S(target), S($"{NewRoot}/dev/{name}")]);
        Mkdir(NewRoot + "/dev/shm", 0x3ff);
        Mount("mount a private /dev/shm", "tmpfs", NewRoot + "/dev/shm", "tmpfs", SetupConst.MS_NOSUID | SetupConst.MS_NODEV, "mode=1777,size=64m");
        afterOwnMount?.Invoke(NewRoot + "/dev/shm", OwnMount.Scratch);

        // 5. The root itself read-only (nothing can be created at /), then pivot and forget the host.
        Attr("make the sandbox root read-only", NewRoot, SetupConst.MOUNT_ATTR_RDONLY | SetupConst.MOUNT_ATTR_NOSUID | SetupConst.MOUNT_ATTR_NODEV, false);
        p.Syscall("enter the sandbox root", Sys.chdir, [S(NewRoot)]);
        p.Syscall("pivot into the sandbox root", Sys.pivot_root, [S("."), S(".")]);
        p.Syscall("detach the old root", Sys.umount2, [S("."), SetupConst.MNT_DETACH]);
        p.Syscall("enter /", Sys.chdir, [S("/")]);
    }
}
