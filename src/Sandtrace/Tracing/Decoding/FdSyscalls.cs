using static Sandtrace.Tracing.X64Syscall;

namespace Sandtrace.Tracing;

/// <summary>Decodes I/O and bookkeeping on existing descriptors: read/write families, lseek, ioctl, fcntl,
/// dup*, pipe*, sendfile/splice/copy_file_range, sync, truncate, getdents, fchmod/fchown, close_range.</summary>
internal static class FdSyscalls
{
    public static bool TryDecode(long nr, in DecodeContext c)
    {
        switch (nr)
        {
            case read:
            case write:
                c.AddInt("fd", 0);
                c.AddLong("count", 2);
                return true;
            case close:
            case fstat:
            case fstatfs:
            case fsync:
            case fdatasync:
            case syncfs:
            case fchdir:
                c.AddInt("fd", 0);
                return true;
            case lseek:
                c.AddInt("fd", 0);
                c.AddLong("offset", 1);
                c.AddEnum("whence", FileConstants.SeekWhence, c.UInt(2));
                return true;
            case ioctl:
                c.AddInt("fd", 0);
                // The request is an unsigned int; unknown ones are clearest in hex (_IOC encoding).
                c.AddEnum("request", IoctlConstants.IoctlRequests, c.UInt(1), hex: true);
                return true;
            case pread64:
            case pwrite64:
                c.AddInt("fd", 0);
                c.AddLong("count", 2);
                c.AddLong("offset", 3);
                return true;
            case readv:
            case writev:
                c.AddInt("fd", 0);
                c.AddInt("iovcnt", 2);
                return true;
            case preadv:
            case pwritev:
                c.AddInt("fd", 0);
                c.AddInt("iovcnt", 2);
                c.AddLong("offset", 3);   // x86_64 passes the whole offset in pos_l
                return true;
            case preadv2:
            case pwritev2:
                c.AddInt("fd", 0);
                c.AddInt("iovcnt", 2);
                c.AddLong("offset", 3);
                c.AddFlags("flags", FileConstants.RwfFlags, c.UInt(5));
                return true;
            case pipe:
                AddPipeFds(c, c.Arg(0));
                return true;
            case pipe2:
                c.AddFlags("flags", FileConstants.OpenFlags, c.UInt(1));
                AddPipeFds(c, c.Arg(0));
                return true;
            case dup:
                c.AddInt("oldfd", 0);
                return true;
            case dup2:
                c.AddInt("oldfd", 0);
                c.AddInt("newfd", 1);
                return true;
            case dup3:
                c.AddInt("oldfd", 0);
                c.AddInt("newfd", 1);
                c.AddFlags("flags", FileConstants.OpenFlags, c.UInt(2));
                return true;
            case fcntl:
                Fcntl(c);
                return true;
            case flock:
                c.AddInt("fd", 0);
                c.AddFlags("operation", FileConstants.FlockOperations, c.UInt(1));
                return true;
            case ftruncate:
                c.AddInt("fd", 0);
                c.AddLong("length", 1);
                return true;
            case getdents:
            case getdents64:
                c.AddInt("fd", 0);
                c.AddUInt("count", 2);
                return true;
            case fchmod:
                c.AddInt("fd", 0);
                c.AddOctal("mode", c.UInt(1));
                return true;
            case fchown:
                c.AddInt("fd", 0);
                c.AddInt("owner", 1);
                c.AddInt("group", 2);
                return true;
            case sendfile:
                c.AddInt("out_fd", 0);
                c.AddInt("in_fd", 1);
                c.AddLong("count", 3);
                return true;
            case splice:
            case copy_file_range:
                c.AddInt("fd_in", 0);
                c.AddInt("fd_out", 2);
                c.AddLong("len", 4);
                return true;
            case tee:
                c.AddInt("fd_in", 0);
                c.AddInt("fd_out", 1);
                c.AddLong("len", 2);
                return true;
            case vmsplice:
                c.AddInt("fd", 0);
                c.AddLong("nr_segs", 2);
                return true;
            case readahead:
                c.AddInt("fd", 0);
                c.AddLong("offset", 1);
                c.AddLong("count", 2);
                return true;
            case fadvise64:
                c.AddInt("fd", 0);
                c.AddLong("offset", 1);
                c.AddLong("len", 2);
                c.AddEnum("advice", FileConstants.FadviseAdvice, c.UInt(3));
                return true;
            case fallocate:
                c.AddInt("fd", 0);
                c.AddInt("mode", 1);
                c.AddLong("offset", 2);
                c.AddLong("len", 3);
                return true;
            case sync_file_range:
                c.AddInt("fd", 0);
                c.AddLong("offset", 1);
                c.AddLong("nbytes", 2);
                return true;
            case close_range:
                c.AddUInt("first", 0);
                c.AddUInt("last", 1);
                c.AddFlags("flags", FileConstants.CloseRangeFlags, c.UInt(2));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The two descriptors pipe/pipe2 wrote into int[2]; only meaningful once the call returned 0.</summary>
    static void AddPipeFds(in DecodeContext c, ulong fds)
    {
        if (!c.HasReturn || c.Ret != 0) return;
        if (!c.ReadInt32(fds, out int fd0) || !c.ReadInt32(fds + 4, out int fd1)) return;
        c.Into.AddNumber("fd0", fd0);
        c.Into.AddNumber("fd1", fd1);
    }

    /// <summary>fcntl: the third argument means something different for each command.</summary>
    static void Fcntl(in DecodeContext c)
    {
        c.AddInt("fd", 0);
        uint cmd = c.UInt(1);
        c.AddEnum("cmd", FileConstants.FcntlCommands, cmd);
        switch (cmd)
        {
            case FileConstants.F_DUPFD:
            case FileConstants.F_DUPFD_CLOEXEC:
            case FileConstants.F_SETOWN:
            case FileConstants.F_SETPIPE_SZ:
                c.AddInt("arg", 2);
                break;
            case FileConstants.F_SETFD:
                c.AddFlags("arg", FileConstants.FdFlags, c.UInt(2));
                break;
            case FileConstants.F_SETFL:
                FileArgs.AddOpenFlags(c, "arg", c.UInt(2));
                break;
            case FileConstants.F_SETSIG:
                c.AddSignal("arg", c.Int(2));
                break;
            case FileConstants.F_SETLEASE:
                c.AddEnum("arg", FileConstants.LeaseTypes, c.UInt(2));
                break;
            case FileConstants.F_NOTIFY:
                c.AddFlags("arg", FileConstants.NotifyFlags, c.UInt(2));
                break;
            case FileConstants.F_ADD_SEALS:
                c.AddFlags("arg", FileConstants.SealFlags, c.UInt(2));
                break;
        }
    }
}
