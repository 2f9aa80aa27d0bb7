using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes the extended-attribute syscalls: {,l,f}{set,get,list,remove}xattr and the *xattrat forms.</summary>
internal static class XattrSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case setxattr:
            case lsetxattr:
                c.AddPath("path", c.Arg(0));
                SetArgs(c);
                return true;
            case fsetxattr:
                c.AddInt("fd", 0);
                SetArgs(c);
                return true;
            case getxattr:
            case lgetxattr:
                c.AddPath("path", c.Arg(0));
                c.AddPath("name", c.Arg(1));
                c.AddLong("size", 3);
                return true;
            case fgetxattr:
                c.AddInt("fd", 0);
                c.AddPath("name", c.Arg(1));
                c.AddLong("size", 3);
                return true;
            case listxattr:
            case llistxattr:
                c.AddPath("path", c.Arg(0));
                c.AddLong("size", 2);
                return true;
            case flistxattr:
                c.AddInt("fd", 0);
                c.AddLong("size", 2);
                return true;
            case removexattr:
            case lremovexattr:
                c.AddPath("path", c.Arg(0));
                c.AddPath("name", c.Arg(1));
                return true;
            case fremovexattr:
                c.AddInt("fd", 0);
                c.AddPath("name", c.Arg(1));
                return true;
            case setxattrat:
            case getxattrat:
            case removexattrat:
                AtPrefix(c);
                c.AddPath("name", c.Arg(3));
                return true;
            case listxattrat:
                AtPrefix(c);
                c.AddLong("size", 4);
                return true;
            default:
                return false;
        }
    }

    /// <summary>(name, value, size, flags) of the set calls.</summary>
    static void SetArgs(in DecodeContext c)
    {
        c.AddPath("name", c.Arg(1));
        c.AddLong("size", 3);
        c.AddFlags("flags", FileConstants.XattrFlags, c.UInt(4));
    }

    /// <summary>(dirfd, path, at_flags) of the *xattrat calls (Linux 6.13).</summary>
    static void AtPrefix(in DecodeContext c)
    {
        c.AddDirFd("dirfd", 0);
        c.AddPath("path", c.Arg(1));
        c.AddFlags("flags", FileConstants.AtFlags, c.UInt(2));
    }
}
