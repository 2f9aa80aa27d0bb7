/* Flags and commands of the fd-creating and assorted calls: eventfd, epoll, inotify, memfd, getrandom,
 * signalfd, timerfd, pidfd, bpf, keyctl, reboot, perf_event_open, module loading. */
#include "gen.h"
#include <sys/eventfd.h>     /* EFD_* (glibc enum; same values as the kernel's) */
#include <linux/fcntl.h>     /* O_NONBLOCK, O_TRUNC for delete_module */
#include <linux/eventpoll.h>
#include <linux/inotify.h>
#include <linux/memfd.h>
#include <linux/random.h>
#include <linux/signalfd.h>
#include <linux/timerfd.h>
#include <linux/pidfd.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/reboot.h>
#include <linux/perf_event.h>
#include <linux/module.h>

/* Linux 6.3 (include/uapi/linux/memfd.h); newer than these headers. */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

int main(void)
{
    C(MFD_HUGETLB); CN(MFD_HUGE_SHIFT, "MFD_HUGE_SHIFT"); CN(MFD_HUGE_MASK, "MFD_HUGE_MASK");
    BLANK();

    TABLE(EventfdFlags, "eventfd2(2) flags.");
    E(EFD_SEMAPHORE); E(EFD_CLOEXEC); E(EFD_NONBLOCK);
    END();

    TABLE(EpollCreateFlags, "epoll_create1(2) flags.");
    E(EPOLL_CLOEXEC);
    END();

    TABLE(EpollCtlOperations, "epoll_ctl(2) operations.");
    E(EPOLL_CTL_ADD); E(EPOLL_CTL_DEL); E(EPOLL_CTL_MOD);
    END();

    TABLE(InotifyInitFlags, "inotify_init1(2) flags.");
    E(IN_CLOEXEC); E(IN_NONBLOCK);
    END();

    TABLE(MemfdFlags, "memfd_create(2) flags (MFD_NOEXEC_SEAL/MFD_EXEC: Linux 6.3); huge page size bits handled apart.");
    E(MFD_CLOEXEC); E(MFD_ALLOW_SEALING); E(MFD_HUGETLB); E(MFD_NOEXEC_SEAL); E(MFD_EXEC);
    END();

    TABLE(GetrandomFlags, "getrandom(2) flags.");
    E(GRND_NONBLOCK); E(GRND_RANDOM); E(GRND_INSECURE);
    END();

    TABLE(SignalfdFlags, "signalfd4(2) flags.");
    E(SFD_CLOEXEC); E(SFD_NONBLOCK);
    END();

    TABLE(TimerfdCreateFlags, "timerfd_create(2) flags.");
    E(TFD_CLOEXEC); E(TFD_NONBLOCK);
    END();

    TABLE(TimerfdSettimeFlags, "timerfd_settime(2) flags.");
    E(TFD_TIMER_ABSTIME); E(TFD_TIMER_CANCEL_ON_SET);
    END();

    TABLE(PidfdFlags, "pidfd_open(2) flags.");
    E(PIDFD_NONBLOCK);
    END();

    TABLE(BpfCommands, "bpf(2) commands.");
    E(BPF_MAP_CREATE); E(BPF_MAP_LOOKUP_ELEM); E(BPF_MAP_UPDATE_ELEM); E(BPF_MAP_DELETE_ELEM);
    E(BPF_MAP_GET_NEXT_KEY); E(BPF_PROG_LOAD); E(BPF_OBJ_PIN); E(BPF_OBJ_GET); E(BPF_PROG_ATTACH);
    E(BPF_PROG_DETACH); E(BPF_PROG_TEST_RUN); E(BPF_PROG_GET_NEXT_ID); E(BPF_MAP_GET_NEXT_ID);
    E(BPF_PROG_GET_FD_BY_ID); E(BPF_MAP_GET_FD_BY_ID); E(BPF_OBJ_GET_INFO_BY_FD); E(BPF_PROG_QUERY);
    E(BPF_RAW_TRACEPOINT_OPEN); E(BPF_BTF_LOAD); E(BPF_BTF_GET_FD_BY_ID); E(BPF_TASK_FD_QUERY);
    E(BPF_MAP_LOOKUP_AND_DELETE_ELEM); E(BPF_MAP_FREEZE); E(BPF_BTF_GET_NEXT_ID); E(BPF_MAP_LOOKUP_BATCH);
    E(BPF_MAP_LOOKUP_AND_DELETE_BATCH); E(BPF_MAP_UPDATE_BATCH); E(BPF_MAP_DELETE_BATCH);
    E(BPF_LINK_CREATE); E(BPF_LINK_UPDATE); E(BPF_LINK_GET_FD_BY_ID); E(BPF_LINK_GET_NEXT_ID);
    E(BPF_ENABLE_STATS); E(BPF_ITER_CREATE); E(BPF_LINK_DETACH); E(BPF_PROG_BIND_MAP);
    END();

    TABLE(KeyctlOperations, "keyctl(2) operations.");
    E(KEYCTL_GET_KEYRING_ID); E(KEYCTL_JOIN_SESSION_KEYRING); E(KEYCTL_UPDATE); E(KEYCTL_REVOKE);
    E(KEYCTL_CHOWN); E(KEYCTL_SETPERM); E(KEYCTL_DESCRIBE); E(KEYCTL_CLEAR); E(KEYCTL_LINK);
    E(KEYCTL_UNLINK); E(KEYCTL_SEARCH); E(KEYCTL_READ); E(KEYCTL_INSTANTIATE); E(KEYCTL_NEGATE);
    E(KEYCTL_SET_REQKEY_KEYRING); E(KEYCTL_SET_TIMEOUT); E(KEYCTL_ASSUME_AUTHORITY);
    E(KEYCTL_GET_SECURITY); E(KEYCTL_SESSION_TO_PARENT); E(KEYCTL_REJECT); E(KEYCTL_INSTANTIATE_IOV);
    E(KEYCTL_INVALIDATE); E(KEYCTL_GET_PERSISTENT); E(KEYCTL_DH_COMPUTE); E(KEYCTL_PKEY_QUERY);
    E(KEYCTL_PKEY_ENCRYPT); E(KEYCTL_PKEY_DECRYPT); E(KEYCTL_PKEY_SIGN); E(KEYCTL_PKEY_VERIFY);
    E(KEYCTL_RESTRICT_KEYRING); E(KEYCTL_MOVE); E(KEYCTL_CAPABILITIES); E(KEYCTL_WATCH_KEY);
    END();

    TABLE(RebootCommands, "reboot(2) commands.");
    E(LINUX_REBOOT_CMD_RESTART); E(LINUX_REBOOT_CMD_HALT); E(LINUX_REBOOT_CMD_CAD_ON);
    E(LINUX_REBOOT_CMD_CAD_OFF); E(LINUX_REBOOT_CMD_POWER_OFF); E(LINUX_REBOOT_CMD_RESTART2);
    E(LINUX_REBOOT_CMD_SW_SUSPEND); E(LINUX_REBOOT_CMD_KEXEC);
    END();

    TABLE(PerfEventOpenFlags, "perf_event_open(2) flags.");
    E(PERF_FLAG_FD_NO_GROUP); E(PERF_FLAG_FD_OUTPUT); E(PERF_FLAG_PID_CGROUP); E(PERF_FLAG_FD_CLOEXEC);
    END();

    TABLE(FinitModuleFlags, "finit_module(2) flags.");
    E(MODULE_INIT_IGNORE_MODVERSIONS); E(MODULE_INIT_IGNORE_VERMAGIC); E(MODULE_INIT_COMPRESSED_FILE);
    END();

    TABLE(DeleteModuleFlags, "delete_module(2) flags.");
    E(O_NONBLOCK); E(O_TRUNC);
    END();
    return 0;
}
