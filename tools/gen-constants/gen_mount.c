/* Mount API constants from linux/mount.h (kept apart from glibc's sys/mount.h, which clashes with it). */
#include "gen.h"
#include <linux/fcntl.h>     /* AT_* used by open_tree */
#include <linux/mount.h>

int main(void)
{
    C(MS_MGC_VAL); C(MS_MGC_MSK);
    BLANK();

    TABLE(MountFlags, "mount(2) MS_* flags.");
    E(MS_RDONLY); E(MS_NOSUID); E(MS_NODEV); E(MS_NOEXEC); E(MS_SYNCHRONOUS); E(MS_REMOUNT); E(MS_MANDLOCK);
    E(MS_DIRSYNC); E(MS_NOSYMFOLLOW); E(MS_NOATIME); E(MS_NODIRATIME); E(MS_BIND); E(MS_MOVE); E(MS_REC);
    E(MS_SILENT); E(MS_POSIXACL); E(MS_UNBINDABLE); E(MS_PRIVATE); E(MS_SLAVE); E(MS_SHARED);
    E(MS_RELATIME); E(MS_KERNMOUNT); E(MS_I_VERSION); E(MS_STRICTATIME); E(MS_LAZYTIME); E(MS_SUBMOUNT);
    E(MS_NOREMOTELOCK); E(MS_NOSEC); E(MS_BORN); E(MS_ACTIVE); E(MS_NOUSER);
    END();

    TABLE(OpenTreeFlags, "open_tree(2) flags.");
    E(OPEN_TREE_CLONE); E(OPEN_TREE_CLOEXEC); E(AT_SYMLINK_NOFOLLOW); E(AT_NO_AUTOMOUNT); E(AT_EMPTY_PATH);
    E(AT_RECURSIVE);
    END();

    TABLE(MoveMountFlags, "move_mount(2) flags.");
    E(MOVE_MOUNT_F_SYMLINKS); E(MOVE_MOUNT_F_AUTOMOUNTS); E(MOVE_MOUNT_F_EMPTY_PATH); E(MOVE_MOUNT_T_SYMLINKS);
    E(MOVE_MOUNT_T_AUTOMOUNTS); E(MOVE_MOUNT_T_EMPTY_PATH); E(MOVE_MOUNT_SET_GROUP);
    END();

    TABLE(FsconfigCommands, "fsconfig(2) commands.");
    E(FSCONFIG_SET_FLAG); E(FSCONFIG_SET_STRING); E(FSCONFIG_SET_BINARY); E(FSCONFIG_SET_PATH);
    E(FSCONFIG_SET_PATH_EMPTY); E(FSCONFIG_SET_FD); E(FSCONFIG_CMD_CREATE); E(FSCONFIG_CMD_RECONFIGURE);
    END();

    TABLE(FsopenFlags, "fsopen(2) flags.");
    E(FSOPEN_CLOEXEC);
    END();

    TABLE(FsmountFlags, "fsmount(2) flags.");
    E(FSMOUNT_CLOEXEC);
    END();

    TABLE(FspickFlags, "fspick(2) flags.");
    E(FSPICK_CLOEXEC); E(FSPICK_SYMLINK_NOFOLLOW); E(FSPICK_NO_AUTOMOUNT); E(FSPICK_EMPTY_PATH);
    END();

    TABLE(MountAttrFlags, "MOUNT_ATTR_* (fsmount attr_flags, mount_setattr attr_set/attr_clr); RELATIME is 0.");
    E(MOUNT_ATTR_RDONLY); E(MOUNT_ATTR_NOSUID); E(MOUNT_ATTR_NODEV); E(MOUNT_ATTR_NOEXEC);
    E(MOUNT_ATTR_NOATIME); E(MOUNT_ATTR_STRICTATIME); E(MOUNT_ATTR_NODIRATIME); E(MOUNT_ATTR_IDMAP);
    E(MOUNT_ATTR_NOSYMFOLLOW);
    END();
    return 0;
}
