/* errno and signal name arrays, indexed by number. Invoked as "gen_names errno" or "gen_names signal". */
#include <stdio.h>
#include <string.h>
#include <errno.h>           /* asm-generic/errno-base.h + errno.h values */
#include <asm/signal.h>

/* Kernel-internal errnos from include/linux/errno.h (not part of the uapi headers). They never reach user
 * space, but a tracer sees them in the return register at syscall-exit stops, e.g. ERESTARTSYS when a
 * signal interrupts a call that will be restarted. */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ENOIOCTLCMD 515
#define ERESTART_RESTARTBLOCK 516
#define EPROBE_DEFER 517
#define EOPENSTALE 518
#define ENOPARAM 519
#define EBADHANDLE 521
#define ENOTSYNC 522
#define EBADCOOKIE 523
#define ENOTSUPP 524
#define ETOOSMALL 525
#define ESERVERFAULT 526
#define EBADTYPE 527
#define EJUKEBOX 528
#define EIOCBQUEUED 529
#define ERECALLCONFLICT 530
#define ENOGRACE 531

static const char *names[1024];
#define S(x) do { if (!names[x]) names[x] = #x; } while (0)

static void emit(const char *field, const char *doc, int from, int to)
{
    printf("    /// <summary>%s</summary>\n", doc);
    printf("    static readonly string?[] %s =\n    [\n", field);
    for (int i = from; i <= to; i++) {
        if (names[i]) printf("        \"%s\", // %d\n", names[i], i);
        else printf("        null, // %d\n", i);
    }
    printf("    ];\n");
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "errno") == 0) {
        S(EPERM); S(ENOENT); S(ESRCH); S(EINTR); S(EIO); S(ENXIO); S(E2BIG); S(ENOEXEC); S(EBADF); S(ECHILD);
        S(EAGAIN); S(ENOMEM); S(EACCES); S(EFAULT); S(ENOTBLK); S(EBUSY); S(EEXIST); S(EXDEV); S(ENODEV);
        S(ENOTDIR); S(EISDIR); S(EINVAL); S(ENFILE); S(EMFILE); S(ENOTTY); S(ETXTBSY); S(EFBIG); S(ENOSPC);
        S(ESPIPE); S(EROFS); S(EMLINK); S(EPIPE); S(EDOM); S(ERANGE); S(EDEADLK); S(ENAMETOOLONG); S(ENOLCK);
        S(ENOSYS); S(ENOTEMPTY); S(ELOOP); S(ENOMSG); S(EIDRM); S(ECHRNG); S(EL2NSYNC); S(EL3HLT); S(EL3RST);
        S(ELNRNG); S(EUNATCH); S(ENOCSI); S(EL2HLT); S(EBADE); S(EBADR); S(EXFULL); S(ENOANO); S(EBADRQC);
        S(EBADSLT); S(EBFONT); S(ENOSTR); S(ENODATA); S(ETIME); S(ENOSR); S(ENONET); S(ENOPKG); S(EREMOTE);
        S(ENOLINK); S(EADV); S(ESRMNT); S(ECOMM); S(EPROTO); S(EMULTIHOP); S(EDOTDOT); S(EBADMSG);
        S(EOVERFLOW); S(ENOTUNIQ); S(EBADFD); S(EREMCHG); S(ELIBACC); S(ELIBBAD); S(ELIBSCN); S(ELIBMAX);
        S(ELIBEXEC); S(EILSEQ); S(ERESTART); S(ESTRPIPE); S(EUSERS); S(ENOTSOCK); S(EDESTADDRREQ);
        S(EMSGSIZE); S(EPROTOTYPE); S(ENOPROTOOPT); S(EPROTONOSUPPORT); S(ESOCKTNOSUPPORT); S(EOPNOTSUPP);
        S(EPFNOSUPPORT); S(EAFNOSUPPORT); S(EADDRINUSE); S(EADDRNOTAVAIL); S(ENETDOWN); S(ENETUNREACH);
        S(ENETRESET); S(ECONNABORTED); S(ECONNRESET); S(ENOBUFS); S(EISCONN); S(ENOTCONN); S(ESHUTDOWN);
        S(ETOOMANYREFS); S(ETIMEDOUT); S(ECONNREFUSED); S(EHOSTDOWN); S(EHOSTUNREACH); S(EALREADY);
        S(EINPROGRESS); S(ESTALE); S(EUCLEAN); S(ENOTNAM); S(ENAVAIL); S(EISNAM); S(EREMOTEIO); S(EDQUOT);
        S(ENOMEDIUM); S(EMEDIUMTYPE); S(ECANCELED); S(ENOKEY); S(EKEYEXPIRED); S(EKEYREVOKED);
        S(EKEYREJECTED); S(EOWNERDEAD); S(ENOTRECOVERABLE); S(ERFKILL); S(EHWPOISON);
        S(ERESTARTSYS); S(ERESTARTNOINTR); S(ERESTARTNOHAND); S(ENOIOCTLCMD); S(ERESTART_RESTARTBLOCK);
        S(EPROBE_DEFER); S(EOPENSTALE); S(ENOPARAM); S(EBADHANDLE); S(ENOTSYNC); S(EBADCOOKIE); S(ENOTSUPP);
        S(ETOOSMALL); S(ESERVERFAULT); S(EBADTYPE); S(EJUKEBOX); S(EIOCBQUEUED); S(ERECALLCONFLICT); S(ENOGRACE);
        emit("UserErrnos", "errno 0..133 (asm-generic/errno-base.h, errno.h); null where Linux defines none.", 0, EHWPOISON);
        printf("\n");
        emit("KernelErrnos", "Kernel-internal errnos 512..531 (include/linux/errno.h) that ptrace can observe.", ERESTARTSYS, ENOGRACE);
    } else {
        S(SIGHUP); S(SIGINT); S(SIGQUIT); S(SIGILL); S(SIGTRAP); S(SIGABRT); S(SIGBUS); S(SIGFPE); S(SIGKILL);
        S(SIGUSR1); S(SIGSEGV); S(SIGUSR2); S(SIGPIPE); S(SIGALRM); S(SIGTERM); S(SIGSTKFLT); S(SIGCHLD);
        S(SIGCONT); S(SIGSTOP); S(SIGTSTP); S(SIGTTIN); S(SIGTTOU); S(SIGURG); S(SIGXCPU); S(SIGXFSZ);
        S(SIGVTALRM); S(SIGPROF); S(SIGWINCH); S(SIGIO); S(SIGPWR); S(SIGSYS);
        emit("Standard", "Signals 0..31 (x86 asm/signal.h); 0 is not a signal.", 0, 31);
    }
    return 0;
}
