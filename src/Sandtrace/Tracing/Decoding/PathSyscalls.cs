using System.Buffers.Binary;
using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the file syscalls that take a path: open*, stat*, access*, link/rename/unlink families,
/// mkdir, mknod, chmod/chown, utime*, readlink*, statfs, inotify_add_watch, fanotify_mark, handles.</summary>
internal static class PathSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case open:
                c.AddPath("path", c.Arg(0));
                FileArgs.AddOpenFlags(c, "flags", c.UInt(1));
                FileArgs.AddCreateMode(c, c.UInt(1), c.UInt(2));
                return true;
            case openat:
                c.AddDirFd("dirfd", 0);
                c.AddPath("path", c.Arg(1));
                FileArgs.AddOpenFlags(c, "flags", c.UInt(2));
                FileArgs.AddCreateMode(c, c.UInt(2), c.UInt(3));
                return true;
            case openat2:
                OpenAt2(c);
                return true;
            case creat:
            case mkdir:
            case chmod:
                c.AddPath("path", c.Arg(0));
                c.AddOctal("mode", c.UInt(1));
                return true;
            case stat:
            case lstat:
            case chdir:
            case chroot:
            case rmdir:
            case unlink:
            case utime:
            case utimes:
            case statfs:
            case uselib:
            case acct:
                c.AddPath("path", c.Arg(0));
                return true;
            case newfstatat:
                AtPath(c);
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(3));
                return true;
            case statx:
                AtPath(c);
                c.AddFlags("flags", FileConstants.StatxAtFlags, c.UInt(2));
                c.AddFlags("mask", FileConstants.StatxMask, c.UInt(3));
                return true;
            case access:
                c.AddPath("path", c.Arg(0));
                FileArgs.AddAccessMode(c, "mode", c.UInt(1));
                return true;
            case faccessat:
                AtPath(c);
                FileArgs.AddAccessMode(c, "mode", c.UInt(2));
                return true;
            case faccessat2:
                AtPath(c);
                FileArgs.AddAccessMode(c, "mode", c.UInt(2));
                c.AddFlags("flags", FileConstants.AccessAtFlags, c.UInt(3));
                return true;
            case readlink:
                c.AddPath("path", c.Arg(0));
                AddLinkTarget(c, c.Arg(1));
                c.AddLong("bufsiz", 2);
                return true;
            case readlinkat:
                AtPath(c);
                AddLinkTarget(c, c.Arg(2));
                c.AddLong("bufsiz", 3);
                return true;
            case mkdirat:
            case fchmodat:
                AtPath(c);
                c.AddOctal("mode", c.UInt(2));
                return true;
            case fchmodat2:
                AtPath(c);
                c.AddOctal("mode", c.UInt(2));
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(3));
                return true;
            case unlinkat:
                AtPath(c);
                c.AddFlags("flags", FileConstants.UnlinkAtFlags, c.UInt(2));
                return true;
            case rename:
            case link:
                c.AddPath("oldpath", c.Arg(0));
                c.AddPath("newpath", c.Arg(1));
                return true;
            case renameat:
                TwoAtPaths(c);
                return true;
            case renameat2:
                TwoAtPaths(c);
                c.AddFlags("flags", FileConstants.RenameFlags, c.UInt(4));
                return true;
            case linkat:
                TwoAtPaths(c);
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(4));
                return true;
            case symlink:
                c.AddPath("target", c.Arg(0));
                c.AddPath("linkpath", c.Arg(1));
                return true;
            case symlinkat:
                c.AddPath("target", c.Arg(0));
                c.AddDirFd("newdirfd", 1);
                c.AddPath("linkpath", c.Arg(2));
                return true;
            case mknod:
                c.AddPath("path", c.Arg(0));
                FileArgs.AddFileMode(c, "mode", c.UInt(1));
                c.AddLong("dev", 2);
                return true;
            case mknodat:
                AtPath(c);
                FileArgs.AddFileMode(c, "mode", c.UInt(2));
                c.AddLong("dev", 3);
                return true;
            case chown:
            case lchown:
                c.AddPath("path", c.Arg(0));
                c.AddInt("owner", 1);
                c.AddInt("group", 2);
                return true;
            case fchownat:
                AtPath(c);
                c.AddInt("owner", 2);
                c.AddInt("group", 3);
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(4));
                return true;
            case truncate:
                c.AddPath("path", c.Arg(0));
                c.AddLong("length", 1);
                return true;
            case futimesat:
                AtPath(c);
                return true;
            case utimensat:
                AtPath(c);   // a NULL path (operate on dirfd itself) reads "NULL"
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(3));
                return true;
            case inotify_add_watch:
                c.AddInt("fd", 0);
                c.AddPath("path", c.Arg(1));
                c.AddFlags("mask", FileConstants.InotifyMask, c.UInt(2));
                return true;
            case fanotify_mark:
                c.AddInt("fd", 0);
                c.AddFlags("flags", FileConstants.FanMarkFlags, c.UInt(1));
                c.AddHex("mask", c.Arg(2));
                c.AddDirFd("dirfd", 3);
                c.AddPath("path", c.Arg(4));
                return true;
            case name_to_handle_at:
                AtPath(c);
                c.AddFlags("flags", FileConstants.AtFlags, c.UInt(4));
                return true;
            case open_by_handle_at:
                c.AddInt("mount_fd", 0);
                FileArgs.AddOpenFlags(c, "flags", c.UInt(2));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The (dirfd, path) pair that opens most *at calls.</summary>
    static void AtPath(in DecodeContext c)
    {
        c.AddDirFd("dirfd", 0);
        c.AddPath("path", c.Arg(1));
    }

    /// <summary>renameat/linkat: (olddirfd, oldpath, newdirfd, newpath).</summary>
    static void TwoAtPaths(in DecodeContext c)
    {
        c.AddDirFd("olddirfd", 0);
        c.AddPath("oldpath", c.Arg(1));
        c.AddDirFd("newdirfd", 2);
        c.AddPath("newpath", c.Arg(3));
    }

    /// <summary>readlink's result: the buffer holds ret bytes and no NUL, so it is only known at a successful exit.</summary>
    static void AddLinkTarget(in DecodeContext c, ulong buf)
    {
        if (c.Succeeded) c.AddText("target", buf, c.Ret);
    }

    /// <summary>openat2: flags, mode and resolve come from struct open_how { u64 flags, mode, resolve; }.</summary>
    static void OpenAt2(in DecodeContext c)
    {
        const int OpenHowSize = 24;   // OPEN_HOW_SIZE_VER0; later versions only append fields
        AtPath(c);
        Span<byte> how = stackalloc byte[OpenHowSize];
        if (c.Arg(3) < OpenHowSize || !c.Read(c.Arg(2), how))
        {
            c.AddPointer("how", c.Arg(2));
            return;
        }
        ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(how);
        FileArgs.AddOpenFlags(c, "flags", flags);
        FileArgs.AddCreateMode(c, flags, BinaryPrimitives.ReadUInt64LittleEndian(how[8..]));
        c.AddFlags("resolve", FileConstants.ResolveFlags, BinaryPrimitives.ReadUInt64LittleEndian(how[16..]));
    }
}
