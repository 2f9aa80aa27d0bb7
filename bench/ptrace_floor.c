// The floor under sandtrace --trace=security on this machine: a tracer that stops on the same system calls and does
// nothing else. It installs a seccomp filter returning SECCOMP_RET_TRACE for the calls --trace=security stops on
// (the lists below; tests/Sandtrace.Tests/Bench/PtraceFloorTests.cs keeps traced[] equal to SecurityTraceSet.Names and
// descriptor_forms[] to SecurityTraceSet.DescriptorForms), follows every fork, clone and exec, and at each stop only
// reads the registers and resumes: no path read, no decoding, no events, no sandbox.
//
//   ptrace_floor entry CMD [ARG]...   one stop per traced call (its entry): the fewest stops a filter can give
//   ptrace_floor exit  CMD [ARG]...   two stops per traced call (entry, then exit for the return value), as sandtrace
//
// bench/run.sh times it beside sandtrace on the build, so a ratio to bare can be split into what the kernel's
// ptrace stops cost on this host (this program) and what sandtrace adds to them. Exits with CMD's exit status.
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452   // Linux 6.6; newer than Debian 12's headers
#endif

static const int traced[] = {
    SYS_open, SYS_openat, SYS_openat2, SYS_creat, SYS_truncate, SYS_stat, SYS_lstat, SYS_newfstatat, SYS_statx,
    SYS_statfs, SYS_access, SYS_faccessat, SYS_faccessat2, SYS_chdir,
    SYS_rename, SYS_renameat, SYS_renameat2, SYS_link, SYS_linkat, SYS_symlink, SYS_symlinkat, SYS_unlink,
    SYS_unlinkat, SYS_mkdir, SYS_mkdirat, SYS_rmdir, SYS_mknod, SYS_mknodat, SYS_chmod, SYS_fchmodat, SYS_fchmodat2,
    SYS_chown, SYS_lchown, SYS_fchownat,
    SYS_utime, SYS_utimes, SYS_futimesat, SYS_utimensat,
    SYS_setxattr, SYS_lsetxattr, SYS_getxattr, SYS_lgetxattr, SYS_listxattr, SYS_llistxattr, SYS_removexattr,
    SYS_lremovexattr,
    SYS_execve, SYS_execveat, SYS_fork, SYS_vfork, SYS_kill, SYS_tkill, SYS_tgkill,
    SYS_connect, SYS_bind, SYS_listen, SYS_accept, SYS_accept4, SYS_sendto, SYS_sendmsg, SYS_sendmmsg,
    SYS_memfd_create,
};
#define NTRACED (int)(sizeof traced / sizeof traced[0])

// Calls that do not stop when their argument ARG has AT_EMPTY_PATH set: they are about a descriptor, not a path
// (glibc's fstat(fd) is newfstatat(fd, "", buf, AT_EMPTY_PATH)).
static const struct { int nr, arg; } descriptor_forms[] = {
    {SYS_newfstatat, 3},
    {SYS_statx, 2},
};
#define NFORMS (int)(sizeof descriptor_forms / sizeof descriptor_forms[0])
#define AT_EMPTY_PATH_BIT 0x1000

#define LD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define RET(action) BPF_STMT(BPF_RET | BPF_K, action)

// Per task (pid_max is at most 2^22): 1 while between a call's entry stop and its exit stop (exit mode); 1 once its
// first stop was seen (a new task's first stop is the SIGSTOP of its auto-attach, not to be delivered).
static unsigned char in_call[1 << 22], seen[1 << 22];

int main(int argc, char **argv) {
    int exit_mode;
    if (argc < 3 || (strcmp(argv[1], "entry") && strcmp(argv[1], "exit"))) {
        fprintf(stderr, "usage: ptrace_floor entry|exit CMD [ARG]...\n");
        return 2;
    }
    exit_mode = strcmp(argv[1], "exit") == 0;

    // arch check; the descriptor forms, allowed before the list is searched; then one JEQ per traced number, each
    // jumping to the final RET TRACE.
    struct sock_filter f[3 + 4 * NFORMS + 1 + NTRACED + 2];
    int skips[NFORMS];
    int k = 0;
    f[k++] = (struct sock_filter)LD(arch);
    f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    f[k++] = (struct sock_filter)RET(SECCOMP_RET_KILL_PROCESS);
    for (int i = 0; i < NFORMS; i++) {
        // The argument's low 32 bits (little-endian), where AT_EMPTY_PATH is.
        __u32 arg = offsetof(struct seccomp_data, args) + sizeof(__u64) * descriptor_forms[i].arg;
        f[k++] = (struct sock_filter)LD(nr);
        f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, descriptor_forms[i].nr, 0, 2);
        f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arg);
        skips[i] = k;   // jt patched below: to RET ALLOW
        f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, AT_EMPTY_PATH_BIT, 0, 0);
    }
    f[k++] = (struct sock_filter)LD(nr);
    for (int i = 0; i < NTRACED; i++)
        f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, traced[i], NTRACED - i, 0);
    int allow = k;
    f[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
    f[k++] = (struct sock_filter)RET(SECCOMP_RET_TRACE);
    for (int i = 0; i < NFORMS; i++) f[skips[i]].jt = allow - skips[i] - 1;
    struct sock_fprog prog = {.len = k, .filter = f};

    pid_t child = fork();
    if (child < 0) { perror("ptrace_floor: fork"); return 1; }
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, 0, 0) || raise(SIGSTOP)) { perror("ptrace_floor: PTRACE_TRACEME"); _exit(127); }
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
            perror("ptrace_floor: seccomp");
            _exit(127);
        }
        execvp(argv[2], argv + 2);
        perror("ptrace_floor: exec");
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) { fprintf(stderr, "ptrace_floor: no stop\n"); return 1; }
    long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SETOPTIONS, child, 0, opts) || ptrace(PTRACE_CONT, child, 0, 0)) {
        perror("ptrace_floor: PTRACE_SETOPTIONS");
        return 1;
    }

    int rc = 1;
    struct user_regs_struct regs;
    seen[child] = 1;
    for (;;) {
        pid_t pid = waitpid(-1, &status, __WALL);
        if (pid < 0) break;   // ECHILD: every task is gone
        if (!WIFSTOPPED(status)) {
            if (pid == child) rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            in_call[pid] = seen[pid] = 0;
            continue;
        }
        int sig = WSTOPSIG(status), event = status >> 16, inject = 0, request = PTRACE_CONT;
        if (event == PTRACE_EVENT_SECCOMP) {
            ptrace(PTRACE_GETREGS, pid, 0, &regs);   // what any tracer must do at a stop: learn the call
            if (exit_mode) { request = PTRACE_SYSCALL; in_call[pid] = 1; }
        } else if (sig == (SIGTRAP | 0x80)) {
            ptrace(PTRACE_GETREGS, pid, 0, &regs);   // the return value
            in_call[pid] = 0;
        } else if (event == PTRACE_EVENT_EXEC) {
            if (in_call[pid]) request = PTRACE_SYSCALL;   // execve's exit stop is still to come
        } else if (event == 0 && !(sig == SIGSTOP && !seen[pid])) {
            inject = sig;   // a signal for the task: pass it on
        }
        seen[pid] = 1;
        ptrace(request, pid, 0, inject);
    }
    return rc;
}
