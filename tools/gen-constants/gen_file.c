/* File, path and fd constants: open/at/access/rename/seek/fcntl/flock/xattr/statx/inotify. */
#include "gen.h"
#include <unistd.h>          /* R_OK W_OK X_OK */
#include <linux/fcntl.h>     /* O_*, F_*, AT_*, RESOLVE_* (via openat2.h) */
#include <sys/stat.h>        /* S_IF* (linux/stat.h hides them from glibc users) */
#include <linux/stat.h>      /* STATX_* */
#include <linux/fs.h>        /* RENAME_*, SEEK_*, RWF_* */
#include <linux/xattr.h>
#include <linux/inotify.h>
#include <linux/fadvise.h>
#include <linux/fanotify.h>
#include <linux/close_range.h>

#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020   /* Linux 6.3 (include/uapi/linux/fcntl.h); newer than these headers */
#endif

int main(void)
{
    C(O_ACCMODE); C(O_CREAT); CN(__O_TMPFILE, "O_TMPFILE_BIT");
    C(AT_SYMLINK_NOFOLLOW);
    C(F_DUPFD); C(F_SETFD); C(F_SETFL); C(F_SETOWN); C(F_SETSIG); C(F_SETLEASE); C(F_NOTIFY);
    C(F_DUPFD_CLOEXEC); C(F_SETPIPE_SZ); C(F_ADD_SEALS);
    C(S_IFMT);
    BLANK();

    TABLE(OpenAccessModes, "open(2) access mode (flags &amp; O_ACCMODE).");
    E(O_RDONLY); E(O_WRONLY); E(O_RDWR); E(O_ACCMODE);
    END();

    TABLE(OpenFlags, "open(2) flags besides the access mode; multi-bit values first so they win over their parts.");
    E(O_TMPFILE); E(O_SYNC);
    E(O_CREAT); E(O_EXCL); E(O_NOCTTY); E(O_TRUNC); E(O_APPEND); E(O_NONBLOCK); E(O_DSYNC);
    N(FASYNC, "O_ASYNC"); E(O_DIRECT); E(O_LARGEFILE); E(O_DIRECTORY); E(O_NOFOLLOW); E(O_NOATIME);
    E(O_CLOEXEC); E(O_PATH);
    END();

    TABLE(AtFlags, "AT_* flags of the *at(2) calls that take the generic set.");
    E(AT_SYMLINK_NOFOLLOW); E(AT_SYMLINK_FOLLOW); E(AT_NO_AUTOMOUNT); E(AT_EMPTY_PATH); E(AT_RECURSIVE);
    END();

    TABLE(StatxAtFlags, "statx(2) flags: the generic AT_* set plus the sync mode.");
    E(AT_SYMLINK_NOFOLLOW); E(AT_SYMLINK_FOLLOW); E(AT_NO_AUTOMOUNT); E(AT_EMPTY_PATH);
    E(AT_STATX_FORCE_SYNC); E(AT_STATX_DONT_SYNC);
    END();

    TABLE(AccessAtFlags, "faccessat2(2) flags (0x200 means AT_EACCESS here, not AT_REMOVEDIR).");
    E(AT_EACCESS); E(AT_SYMLINK_NOFOLLOW); E(AT_EMPTY_PATH);
    END();

    TABLE(UnlinkAtFlags, "unlinkat(2) flags.");
    E(AT_REMOVEDIR);
    END();

    TABLE(AccessModes, "access(2) mode bits (0 is F_OK).");
    E(R_OK); E(W_OK); E(X_OK);
    END();

    TABLE(RenameFlags, "renameat2(2) flags.");
    E(RENAME_NOREPLACE); E(RENAME_EXCHANGE); E(RENAME_WHITEOUT);
    END();

    TABLE(ResolveFlags, "openat2(2) struct open_how.resolve.");
    E(RESOLVE_NO_XDEV); E(RESOLVE_NO_MAGICLINKS); E(RESOLVE_NO_SYMLINKS); E(RESOLVE_BENEATH);
    E(RESOLVE_IN_ROOT); E(RESOLVE_CACHED);
    END();

    TABLE(SeekWhence, "lseek(2) whence.");
    E(SEEK_SET); E(SEEK_CUR); E(SEEK_END); E(SEEK_DATA); E(SEEK_HOLE);
    END();

    TABLE(FcntlCommands, "fcntl(2) commands (x86_64: no separate *LK64 commands).");
    E(F_DUPFD); E(F_GETFD); E(F_SETFD); E(F_GETFL); E(F_SETFL); E(F_GETLK); E(F_SETLK); E(F_SETLKW);
    E(F_SETOWN); E(F_GETOWN); E(F_SETSIG); E(F_GETSIG); E(F_SETOWN_EX); E(F_GETOWN_EX);
    E(F_GETOWNER_UIDS); E(F_OFD_GETLK); E(F_OFD_SETLK); E(F_OFD_SETLKW);
    E(F_SETLEASE); E(F_GETLEASE); E(F_NOTIFY); E(F_CANCELLK); E(F_DUPFD_CLOEXEC);
    E(F_SETPIPE_SZ); E(F_GETPIPE_SZ); E(F_ADD_SEALS); E(F_GET_SEALS);
    E(F_GET_RW_HINT); E(F_SET_RW_HINT); E(F_GET_FILE_RW_HINT); E(F_SET_FILE_RW_HINT);
    END();

    TABLE(FdFlags, "F_SETFD flags.");
    E(FD_CLOEXEC);
    END();

    TABLE(SealFlags, "F_ADD_SEALS seals.");
    E(F_SEAL_SEAL); E(F_SEAL_SHRINK); E(F_SEAL_GROW); E(F_SEAL_WRITE); E(F_SEAL_FUTURE_WRITE); E(F_SEAL_EXEC);
    END();

    TABLE(LeaseTypes, "F_SETLEASE lease types.");
    E(F_RDLCK); E(F_WRLCK); E(F_UNLCK);
    END();

    TABLE(NotifyFlags, "F_NOTIFY (dnotify) events.");
    E(DN_ACCESS); E(DN_MODIFY); E(DN_CREATE); E(DN_DELETE); E(DN_RENAME); E(DN_ATTRIB); E(DN_MULTISHOT);
    END();

    TABLE(FlockOperations, "flock(2) operations.");
    E(LOCK_SH); E(LOCK_EX); E(LOCK_NB); E(LOCK_UN);
    END();

    TABLE(XattrFlags, "setxattr(2) flags.");
    E(XATTR_CREATE); E(XATTR_REPLACE);
    END();

    TABLE(FileTypes, "File type of a mode (mode &amp; S_IFMT), for mknod(2).");
    E(S_IFSOCK); E(S_IFLNK); E(S_IFREG); E(S_IFBLK); E(S_IFDIR); E(S_IFCHR); E(S_IFIFO);
    END();

    TABLE(StatxMask, "statx(2) mask; STATX_BASIC_STATS first so the common request reads as one name.");
    E(STATX_BASIC_STATS);
    E(STATX_TYPE); E(STATX_MODE); E(STATX_NLINK); E(STATX_UID); E(STATX_GID); E(STATX_ATIME);
    E(STATX_MTIME); E(STATX_CTIME); E(STATX_INO); E(STATX_SIZE); E(STATX_BLOCKS);
    E(STATX_BTIME); E(STATX_MNT_ID); E(STATX_DIOALIGN);
    END();

    TABLE(InotifyMask, "inotify_add_watch(2) mask.");
    E(IN_ACCESS); E(IN_MODIFY); E(IN_ATTRIB); E(IN_CLOSE_WRITE); E(IN_CLOSE_NOWRITE); E(IN_OPEN);
    E(IN_MOVED_FROM); E(IN_MOVED_TO); E(IN_CREATE); E(IN_DELETE); E(IN_DELETE_SELF); E(IN_MOVE_SELF);
    E(IN_UNMOUNT); E(IN_Q_OVERFLOW); E(IN_IGNORED); E(IN_ONLYDIR); E(IN_DONT_FOLLOW); E(IN_EXCL_UNLINK);
    E(IN_MASK_CREATE); E(IN_MASK_ADD); E(IN_ISDIR); E(IN_ONESHOT);
    END();

    TABLE(FadviseAdvice, "fadvise64(2) advice (x86_64 values).");
    E(POSIX_FADV_NORMAL); E(POSIX_FADV_RANDOM); E(POSIX_FADV_SEQUENTIAL); E(POSIX_FADV_WILLNEED);
    E(POSIX_FADV_DONTNEED); E(POSIX_FADV_NOREUSE);
    END();

    TABLE(RwfFlags, "preadv2/pwritev2(2) flags.");
    E(RWF_HIPRI); E(RWF_DSYNC); E(RWF_SYNC); E(RWF_NOWAIT); E(RWF_APPEND);
    END();

    TABLE(FanMarkFlags, "fanotify_mark(2) flags.");
    E(FAN_MARK_ADD); E(FAN_MARK_REMOVE); E(FAN_MARK_DONT_FOLLOW); E(FAN_MARK_ONLYDIR); E(FAN_MARK_MOUNT);
    E(FAN_MARK_IGNORED_MASK); E(FAN_MARK_IGNORED_SURV_MODIFY); E(FAN_MARK_FLUSH); E(FAN_MARK_FILESYSTEM);
    E(FAN_MARK_EVICTABLE); E(FAN_MARK_IGNORE);
    END();

    TABLE(CloseRangeFlags, "close_range(2) flags.");
    E(CLOSE_RANGE_UNSHARE); E(CLOSE_RANGE_CLOEXEC);
    END();
    return 0;
}
