using Sandtrace.Tracing;
using Xunit;
using static Sandtrace.Tests.Tracing.Decoding.DecodeHarness;

namespace Sandtrace.Tests.Tracing.Decoding;

public class FileDecodingTests
{
    readonly DecodeHarness _h = new();

    // Arguments: "@text" is a string placed in tracee memory, "0x.." hex, otherwise decimal (modes are decimal
    // here: 420 = 0644, 493 = 0755, 384 = 0600).
    [Theory]
    [InlineData(X64Syscall.openat, new[] { "-100", "@/etc/passwd", "0x80000" }, "dirfd=AT_FDCWD path=\"/etc/passwd\" flags=O_RDONLY|O_CLOEXEC")]
    [InlineData(X64Syscall.openat, new[] { "5", "@sub", "0xb0000" }, "dirfd=5 path=\"sub\" flags=O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC")]
    [InlineData(X64Syscall.open, new[] { "@/tmp/x", "0x241", "420" }, "path=\"/tmp/x\" flags=O_WRONLY|O_CREAT|O_TRUNC mode=0644")]
    [InlineData(X64Syscall.open, new[] { "@/tmp/x", "0x2", "420" }, "path=\"/tmp/x\" flags=O_RDWR")]
    [InlineData(X64Syscall.openat, new[] { "-100", "@/tmp", "0x410002", "384" }, "dirfd=AT_FDCWD path=\"/tmp\" flags=O_RDWR|O_TMPFILE mode=0600")]
    [InlineData(X64Syscall.openat, new[] { "-100", "@f", "0x80000000" }, "dirfd=AT_FDCWD path=\"f\" flags=O_RDONLY|0x80000000")]
    [InlineData(X64Syscall.openat, new[] { "-100", "@f", "0x101001" }, "dirfd=AT_FDCWD path=\"f\" flags=O_WRONLY|O_SYNC")]
    [InlineData(X64Syscall.creat, new[] { "@f", "493" }, "path=\"f\" mode=0755")]
    [InlineData(X64Syscall.stat, new[] { "@/etc/hosts", "0x1000" }, "path=\"/etc/hosts\"")]
    [InlineData(X64Syscall.newfstatat, new[] { "-100", "@f", "0x1000", "0x1100" }, "dirfd=AT_FDCWD path=\"f\" flags=AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH")]
    [InlineData(X64Syscall.newfstatat, new[] { "3", "@f", "0x1000", "0x108" }, "dirfd=3 path=\"f\" flags=AT_SYMLINK_NOFOLLOW|0x8")]
    [InlineData(X64Syscall.statx, new[] { "-100", "@f", "0x100", "0xfff", "0x1000" }, "dirfd=AT_FDCWD path=\"f\" flags=AT_SYMLINK_NOFOLLOW mask=STATX_BASIC_STATS|STATX_BTIME")]
    [InlineData(X64Syscall.access, new[] { "@f", "0" }, "path=\"f\" mode=F_OK")]
    [InlineData(X64Syscall.access, new[] { "@f", "6" }, "path=\"f\" mode=R_OK|W_OK")]
    [InlineData(X64Syscall.faccessat2, new[] { "-100", "@f", "1", "0x200" }, "dirfd=AT_FDCWD path=\"f\" mode=X_OK flags=AT_EACCESS")]
    [InlineData(X64Syscall.unlinkat, new[] { "3", "@d", "0x200" }, "dirfd=3 path=\"d\" flags=AT_REMOVEDIR")]
    [InlineData(X64Syscall.unlinkat, new[] { "3", "@f", "0" }, "dirfd=3 path=\"f\" flags=0")]
    [InlineData(X64Syscall.rename, new[] { "@a", "@b" }, "oldpath=\"a\" newpath=\"b\"")]
    [InlineData(X64Syscall.renameat2, new[] { "-100", "@a", "7", "@b", "1" }, "olddirfd=AT_FDCWD oldpath=\"a\" newdirfd=7 newpath=\"b\" flags=RENAME_NOREPLACE")]
    [InlineData(X64Syscall.renameat2, new[] { "-100", "@a", "-100", "@b", "6" }, "olddirfd=AT_FDCWD oldpath=\"a\" newdirfd=AT_FDCWD newpath=\"b\" flags=RENAME_EXCHANGE|RENAME_WHITEOUT")]
    [InlineData(X64Syscall.linkat, new[] { "-100", "@a", "-100", "@b", "0x400" }, "olddirfd=AT_FDCWD oldpath=\"a\" newdirfd=AT_FDCWD newpath=\"b\" flags=AT_SYMLINK_FOLLOW")]
    [InlineData(X64Syscall.symlink, new[] { "@../target", "@link" }, "target=\"../target\" linkpath=\"link\"")]
    [InlineData(X64Syscall.symlinkat, new[] { "@target", "-100", "@link" }, "target=\"target\" newdirfd=AT_FDCWD linkpath=\"link\"")]
    [InlineData(X64Syscall.mkdir, new[] { "@d", "493" }, "path=\"d\" mode=0755")]
    [InlineData(X64Syscall.mkdirat, new[] { "-100", "@d", "448" }, "dirfd=AT_FDCWD path=\"d\" mode=0700")]
    [InlineData(X64Syscall.mknod, new[] { "@/dev/x", "0x2180", "259" }, "path=\"/dev/x\" mode=S_IFCHR|0600 dev=259")]
    [InlineData(X64Syscall.mknodat, new[] { "-100", "@p", "0x11a4", "0" }, "dirfd=AT_FDCWD path=\"p\" mode=S_IFIFO|0644 dev=0")]
    [InlineData(X64Syscall.chmod, new[] { "@f", "2541" }, "path=\"f\" mode=04755")]
    [InlineData(X64Syscall.fchmodat2, new[] { "-100", "@f", "420", "0x100" }, "dirfd=AT_FDCWD path=\"f\" mode=0644 flags=AT_SYMLINK_NOFOLLOW")]
    [InlineData(X64Syscall.chown, new[] { "@f", "1000", "-1" }, "path=\"f\" owner=1000 group=-1")]
    [InlineData(X64Syscall.fchownat, new[] { "-100", "@f", "0", "0", "0x1000" }, "dirfd=AT_FDCWD path=\"f\" owner=0 group=0 flags=AT_EMPTY_PATH")]
    [InlineData(X64Syscall.utimensat, new[] { "3", "0", "0", "0x100" }, "dirfd=3 path=NULL flags=AT_SYMLINK_NOFOLLOW")]
    [InlineData(X64Syscall.truncate, new[] { "@f", "100" }, "path=\"f\" length=100")]
    [InlineData(X64Syscall.chdir, new[] { "@/home" }, "path=\"/home\"")]
    [InlineData(X64Syscall.chroot, new[] { "@/jail" }, "path=\"/jail\"")]
    [InlineData(X64Syscall.inotify_add_watch, new[] { "4", "@/etc", "0x302" }, "fd=4 path=\"/etc\" mask=IN_MODIFY|IN_CREATE|IN_DELETE")]
    [InlineData(X64Syscall.setxattr, new[] { "@f", "@user.x", "0x1000", "5", "1" }, "path=\"f\" name=\"user.x\" size=5 flags=XATTR_CREATE")]
    [InlineData(X64Syscall.fgetxattr, new[] { "3", "@user.x", "0x1000", "64" }, "fd=3 name=\"user.x\" size=64")]
    [InlineData(X64Syscall.lremovexattr, new[] { "@f", "@security.selinux" }, "path=\"f\" name=\"security.selinux\"")]
    [InlineData(X64Syscall.memfd_create, new[] { "@jit", "3" }, "name=\"jit\" flags=MFD_CLOEXEC|MFD_ALLOW_SEALING")]
    [InlineData(X64Syscall.memfd_create, new[] { "@huge", "0x54000004" }, "name=\"huge\" flags=MFD_HUGETLB|MFD_HUGE_2MB")]
    [InlineData(X64Syscall.memfd_create, new[] { "@x", "0x18" }, "name=\"x\" flags=MFD_NOEXEC_SEAL|MFD_EXEC")]
    [InlineData(X64Syscall.mount, new[] { "@/src", "@/mnt", "0", "0x5000", "0" }, "source=\"/src\" target=\"/mnt\" fstype=NULL flags=MS_BIND|MS_REC")]
    [InlineData(X64Syscall.mount, new[] { "@none", "@/proc", "@proc", "0xc0ed000e", "0" }, "source=\"none\" target=\"/proc\" fstype=\"proc\" flags=MS_MGC_VAL|MS_NOSUID|MS_NODEV|MS_NOEXEC")]
    [InlineData(X64Syscall.mount, new[] { "0", "@/", "0", "0x44000", "0" }, "source=NULL target=\"/\" fstype=NULL flags=MS_REC|MS_PRIVATE")]
    [InlineData(X64Syscall.umount2, new[] { "@/mnt", "2" }, "target=\"/mnt\" flags=MNT_DETACH")]
    [InlineData(X64Syscall.pivot_root, new[] { "@.", "@old" }, "new_root=\".\" put_old=\"old\"")]
    [InlineData(X64Syscall.open_tree, new[] { "-100", "@/src", "0x88001" }, "dirfd=AT_FDCWD path=\"/src\" flags=OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC|AT_RECURSIVE")]
    [InlineData(X64Syscall.move_mount, new[] { "3", "@", "-100", "@/mnt", "4" }, "from_dirfd=3 from_path=\"\" to_dirfd=AT_FDCWD to_path=\"/mnt\" flags=MOVE_MOUNT_F_EMPTY_PATH")]
    [InlineData(X64Syscall.fsconfig, new[] { "3", "1", "@source", "@/dev/sda1", "0" }, "fd=3 cmd=FSCONFIG_SET_STRING key=\"source\"")]
    [InlineData(X64Syscall.fsconfig, new[] { "3", "6", "0", "0", "0" }, "fd=3 cmd=FSCONFIG_CMD_CREATE")]
    [InlineData(X64Syscall.swapon, new[] { "@/swapfile", "0x8005" }, "path=\"/swapfile\" flags=SWAP_FLAG_PREFER|0x5")]
    public void Decodes_path_syscalls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }

    [Theory]
    [InlineData(X64Syscall.read, new[] { "3", "0x1000", "512" }, "fd=3 count=512")]
    [InlineData(X64Syscall.write, new[] { "1", "0x1000", "13" }, "fd=1 count=13")]
    [InlineData(X64Syscall.close, new[] { "3" }, "fd=3")]
    [InlineData(X64Syscall.fstat, new[] { "0", "0x1000" }, "fd=0")]
    [InlineData(X64Syscall.lseek, new[] { "3", "-10", "2" }, "fd=3 offset=-10 whence=SEEK_END")]
    [InlineData(X64Syscall.lseek, new[] { "3", "0", "9" }, "fd=3 offset=0 whence=9")]
    [InlineData(X64Syscall.ioctl, new[] { "1", "0x5401", "0x1000" }, "fd=1 request=TCGETS")]
    [InlineData(X64Syscall.ioctl, new[] { "0", "0x5413", "0x1000" }, "fd=0 request=TIOCGWINSZ")]
    [InlineData(X64Syscall.ioctl, new[] { "0", "0x5412", "0x1000" }, "fd=0 request=TIOCSTI")]
    [InlineData(X64Syscall.ioctl, new[] { "3", "0x80045430", "0x1000" }, "fd=3 request=TIOCGPTN")]
    [InlineData(X64Syscall.ioctl, new[] { "3", "0x5421", "0x1000" }, "fd=3 request=FIONBIO")]
    [InlineData(X64Syscall.ioctl, new[] { "3", "0xc0186201", "0x1000" }, "fd=3 request=0xc0186201")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "2", "1" }, "fd=3 cmd=F_SETFD arg=FD_CLOEXEC")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "4", "0x800" }, "fd=3 cmd=F_SETFL arg=O_RDONLY|O_NONBLOCK")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "1030", "10" }, "fd=3 cmd=F_DUPFD_CLOEXEC arg=10")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "1", "0" }, "fd=3 cmd=F_GETFD")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "1033", "0xf" }, "fd=3 cmd=F_ADD_SEALS arg=F_SEAL_SEAL|F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE")]
    [InlineData(X64Syscall.fcntl, new[] { "3", "999", "0" }, "fd=3 cmd=999")]
    [InlineData(X64Syscall.dup2, new[] { "3", "1" }, "oldfd=3 newfd=1")]
    [InlineData(X64Syscall.dup3, new[] { "3", "4", "0x80000" }, "oldfd=3 newfd=4 flags=O_CLOEXEC")]
    [InlineData(X64Syscall.flock, new[] { "3", "6" }, "fd=3 operation=LOCK_EX|LOCK_NB")]
    [InlineData(X64Syscall.pread64, new[] { "3", "0x1000", "100", "4096" }, "fd=3 count=100 offset=4096")]
    [InlineData(X64Syscall.writev, new[] { "2", "0x1000", "3" }, "fd=2 iovcnt=3")]
    [InlineData(X64Syscall.sendfile, new[] { "4", "3", "0", "65536" }, "out_fd=4 in_fd=3 count=65536")]
    [InlineData(X64Syscall.close_range, new[] { "3", "4294967295", "4" }, "first=3 last=4294967295 flags=CLOSE_RANGE_CLOEXEC")]
    [InlineData(X64Syscall.epoll_create1, new[] { "0x80000" }, "flags=EPOLL_CLOEXEC")]
    [InlineData(X64Syscall.epoll_ctl, new[] { "5", "1", "3", "0x1000" }, "epfd=5 op=EPOLL_CTL_ADD fd=3")]
    [InlineData(X64Syscall.eventfd2, new[] { "0", "0x80800" }, "initval=0 flags=EFD_CLOEXEC|EFD_NONBLOCK")]
    [InlineData(X64Syscall.inotify_init1, new[] { "0x80000" }, "flags=IN_CLOEXEC")]
    [InlineData(X64Syscall.timerfd_create, new[] { "1", "0x80000" }, "clockid=CLOCK_MONOTONIC flags=TFD_CLOEXEC")]
    [InlineData(X64Syscall.timerfd_create, new[] { "-6", "0" }, "clockid=-6 flags=0")]
    public void Decodes_fd_syscalls(int nr, string[] args, string expected)
    {
        Assert.Equal(expected, _h.Call(nr, _h.Registers(args)));
    }

    [Fact]
    public void Openat_entries_have_the_right_kinds()
    {
        _h.Call(X64Syscall.openat, _h.Registers(["-100", "@/etc/passwd", "0x80000"]));
        Assert.Equal(ArgKind.Symbol, _h.Entry("dirfd").Kind);
        Assert.Equal(ArgKind.String, _h.Entry("path").Kind);
        Assert.False(_h.Entry("path").Truncated);
        Assert.Equal(ArgKind.Symbol, _h.Entry("flags").Kind);

        _h.Call(X64Syscall.openat, _h.Registers(["7", "@x", "0"]));
        Assert.Equal(ArgKind.Number, _h.Entry("dirfd").Kind);
        Assert.Equal(7, _h.Entry("dirfd").Number);
    }

    [Fact]
    public void Openat2_reads_struct_open_how()
    {
        var how = new byte[24];
        BitConverter.TryWriteBytes(how.AsSpan(0), 0x80041UL);     // O_WRONLY|O_CREAT|O_CLOEXEC
        BitConverter.TryWriteBytes(how.AsSpan(8), 0x1a4UL);       // 0644
        BitConverter.TryWriteBytes(how.AsSpan(16), 0x0cUL);       // RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH
        ulong path = _h.Memory.PutString("out.txt");
        ulong howAddr = _h.Memory.Put(how);
        Assert.Equal("dirfd=3 path=\"out.txt\" flags=O_WRONLY|O_CREAT|O_CLOEXEC mode=0644 resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH",
            _h.Call(X64Syscall.openat2, 3, path, howAddr, 24));
    }

    [Fact]
    public void Openat2_with_unreadable_or_short_how_shows_the_pointer()
    {
        ulong path = _h.Memory.PutString("f");
        Assert.Equal("dirfd=AT_FDCWD path=\"f\" how=0xdead000", _h.Call(X64Syscall.openat2, S(-100), path, 0xdead000, 24));
        ulong how = _h.Memory.Put(new byte[24]);
        Assert.Equal($"dirfd=AT_FDCWD path=\"f\" how=0x{how:x}", _h.Call(X64Syscall.openat2, S(-100), path, how, 8));
    }

    [Fact]
    public void Readlink_shows_the_target_at_a_successful_exit()
    {
        ulong path = _h.Memory.PutString("/proc/self/exe");
        ulong buf = _h.Memory.Put("/usr/bin/true-and-garbage"u8.ToArray());
        Assert.Equal("path=\"/proc/self/exe\" target=\"/usr/bin/true\" bufsiz=4096", _h.Exit(X64Syscall.readlink, 13, path, buf, 4096));
        Assert.Equal("path=\"/proc/self/exe\" bufsiz=4096", _h.Exit(X64Syscall.readlink, -2, path, buf, 4096));
        Assert.Equal("dirfd=AT_FDCWD path=\"/proc/self/exe\" target=\"/usr\" bufsiz=64",
            _h.Exit(X64Syscall.readlinkat, 4, S(-100), path, buf, 64));
    }

    [Fact]
    public void Pipe_fds_are_read_only_after_success()
    {
        byte[] fds = new byte[8];
        BitConverter.TryWriteBytes(fds.AsSpan(0), 3);
        BitConverter.TryWriteBytes(fds.AsSpan(4), 4);
        ulong addr = _h.Memory.Put(fds);
        Assert.Equal("flags=O_NONBLOCK|O_CLOEXEC fd0=3 fd1=4", _h.Exit(X64Syscall.pipe2, 0, addr, 0x80800));
        Assert.Equal("fd0=3 fd1=4", _h.Exit(X64Syscall.pipe, 0, addr));
        Assert.Equal("flags=0", _h.Exit(X64Syscall.pipe2, -24, addr, 0));       // EMFILE: nothing was written
        Assert.Equal("flags=0", _h.NoReturn(X64Syscall.pipe2, addr, 0));
    }

    [Fact]
    public void Long_path_is_cut_at_4096_bytes_and_marked_truncated()
    {
        string longPath = "/" + new string('a', 5000);
        _h.Call(X64Syscall.openat, S(-100), _h.Memory.PutString(longPath), 0);
        ref readonly DecodedArgs.Entry path = ref _h.Entry("path");
        Assert.Equal(ArgKind.String, path.Kind);
        Assert.True(path.Truncated);
        Assert.Equal(DecodedArgs.MaxStringBytes, path.Length);
        Assert.Equal(longPath[..DecodedArgs.MaxStringBytes], _h.Text("path"));
        Assert.Equal("O_RDONLY", _h.Text("flags"));   // entries after the long string are intact
    }

    [Fact]
    public void Mount_setattr_reads_struct_mount_attr()
    {
        var attr = new byte[32];
        BitConverter.TryWriteBytes(attr.AsSpan(0), 0x1UL);        // MOUNT_ATTR_RDONLY
        BitConverter.TryWriteBytes(attr.AsSpan(8), 0x2UL);        // MOUNT_ATTR_NOSUID
        BitConverter.TryWriteBytes(attr.AsSpan(16), 0x40000UL);   // MS_PRIVATE
        ulong path = _h.Memory.PutString("/mnt");
        Assert.Equal("dirfd=AT_FDCWD path=\"/mnt\" flags=AT_RECURSIVE attr_set=MOUNT_ATTR_RDONLY attr_clr=MOUNT_ATTR_NOSUID propagation=MS_PRIVATE",
            _h.Call(X64Syscall.mount_setattr, S(-100), path, 0x8000, _h.Memory.Put(attr), 32));
    }
}
