using System.Buffers.Binary;
using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes mount(2), umount2, pivot_root, the fd-based mount API (open_tree, move_mount, fsopen,
/// fsconfig, fsmount, fspick, mount_setattr), swapon/swapoff and quotactl.</summary>
internal static class MountSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case mount:
                // data is left out: its format belongs to each filesystem and may be binary.
                c.AddPath("source", c.Arg(0));
                c.AddPath("target", c.Arg(1));
                c.AddPath("fstype", c.Arg(2));
                AddMountFlags(c, c.Arg(3));
                return true;
            case umount2:
                c.AddPath("target", c.Arg(0));
                c.AddFlags("flags", MountConstants.UmountFlags, c.UInt(1));
                return true;
            case pivot_root:
                c.AddPath("new_root", c.Arg(0));
                c.AddPath("put_old", c.Arg(1));
                return true;
            case swapon:
                c.AddPath("path", c.Arg(0));
                c.AddFlags("flags", MountConstants.SwapFlags, c.UInt(1));   // a priority shows as the hex remainder
                return true;
            case swapoff:
                c.AddPath("path", c.Arg(0));
                return true;
            case open_tree:
            case open_tree_attr:
                c.AddDirFd("dirfd", 0);
                c.AddPath("path", c.Arg(1));
                c.AddFlags("flags", MountConstants.OpenTreeFlags, c.UInt(2));
                return true;
            case move_mount:
                c.AddDirFd("from_dirfd", 0);
                c.AddPath("from_path", c.Arg(1));
                c.AddDirFd("to_dirfd", 2);
                c.AddPath("to_path", c.Arg(3));
                c.AddFlags("flags", MountConstants.MoveMountFlags, c.UInt(4));
                return true;
            case fsopen:
                c.AddPath("fsname", c.Arg(0));
                c.AddFlags("flags", MountConstants.FsopenFlags, c.UInt(1));
                return true;
            case fsconfig:
                c.AddInt("fd", 0);
                c.AddEnum("cmd", MountConstants.FsconfigCommands, c.UInt(1));
                if (c.Arg(2) != 0) c.AddPath("key", c.Arg(2));
                return true;
            case fsmount:
                c.AddInt("fs_fd", 0);
                c.AddFlags("flags", MountConstants.FsmountFlags, c.UInt(1));
                c.AddFlags("attr_flags", MountConstants.MountAttrFlags, c.UInt(2));
                return true;
            case fspick:
                c.AddDirFd("dirfd", 0);
                c.AddPath("path", c.Arg(1));
                c.AddFlags("flags", MountConstants.FspickFlags, c.UInt(2));
                return true;
            case mount_setattr:
                MountSetattr(c);
                return true;
            case quotactl:
                c.AddHex("cmd", c.UInt(0));   // QCMD(subcmd, type): clearest in hex
                c.AddPath("special", c.Arg(1));
                c.AddInt("id", 2);
                return true;
            case quotactl_fd:
                c.AddInt("fd", 0);
                c.AddHex("cmd", c.UInt(1));
                c.AddInt("id", 2);
                return true;
            default:
                return false;
        }
    }

    /// <summary>MS_* flags; the obsolete magic number some callers still put in the top 16 bits is named.</summary>
    static void AddMountFlags(in DecodeContext c, ulong flags)
    {
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol("flags");
        bool any = false;
        if ((flags & MountConstants.MS_MGC_MSK) == MountConstants.MS_MGC_VAL)
        {
            w.Append("MS_MGC_VAL");
            flags &= ~(ulong)MountConstants.MS_MGC_MSK;
            any = true;
        }
        if (!SymbolFormat.AppendFlags(w, MountConstants.MountFlags, flags, any)) w.Append('0');
        w.End();
    }

    /// <summary>mount_setattr: what to set and clear comes from struct mount_attr
    /// { u64 attr_set, attr_clr, propagation, userns_fd; }.</summary>
    static void MountSetattr(in DecodeContext c)
    {
        const int MountAttrSize = 32;   // MOUNT_ATTR_SIZE_VER0
        c.AddDirFd("dirfd", 0);
        c.AddPath("path", c.Arg(1));
        c.AddFlags("flags", FileConstants.AtFlags, c.UInt(2));
        Span<byte> attr = stackalloc byte[MountAttrSize];
        if (c.Arg(4) < MountAttrSize || !c.Read(c.Arg(3), attr))
        {
            c.AddPointer("attr", c.Arg(3));
            return;
        }
        c.AddFlags("attr_set", MountConstants.MountAttrFlags, BinaryPrimitives.ReadUInt64LittleEndian(attr));
        c.AddFlags("attr_clr", MountConstants.MountAttrFlags, BinaryPrimitives.ReadUInt64LittleEndian(attr[8..]));
        ulong propagation = BinaryPrimitives.ReadUInt64LittleEndian(attr[16..]);
        if (propagation != 0) c.AddFlags("propagation", MountConstants.MountFlags, propagation);
    }
}
