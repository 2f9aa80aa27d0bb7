namespace Sandtrace.Cli;

internal static class HelpText
{
    public const string Main = """
        sandtrace — run a program in a sandbox and trace every syscall it makes

        Usage:
          sandtrace run [OPTIONS] [--] CMD [ARGS…]
          sandtrace --version
          sandtrace --help

        Run 'sandtrace run --help' for the options. Documentation: README.md.
        """;

    public const string Run = """
        Usage: sandtrace run [OPTIONS] [--] CMD [ARGS…]

        Runs CMD in new user, mount, PID, IPC, UTS and (unless the network is allowed) network namespaces,
        traces every syscall of every process and thread it starts, and reports them live on stderr and,
        with -o, as JSONL.

        Options:
          --policy FILE         TOML policy file
          --allow-path PATH     allow read+write access to PATH (repeatable)
          --allow-net           allow network access (no network namespace)
          --allow-exec          allow the program to execute other binaries
          -o, --output FILE     write JSONL events to FILE
          --timeout SECONDS     kill everything after SECONDS (default 30; 0 = no limit)
          --trace-only          no enforcement (no Landlock/seccomp): trace to learn what a policy needs
          --best-effort         run even if the kernel lacks Landlock or seccomp support (says which layer is missing)
          --follow-forks[=BOOL] trace child processes too (default true; false traces only the first process)
          --trace=DEPTH         all (default): every syscall; security: only security-relevant ones, much faster
          --cpu-placement=P     auto (default): same CPU for tracer and program with --trace=all; none; same
          --no-color            no ANSI colours (also when NO_COLOR is set or stderr is not a terminal)
          -v, -vv, -vvv         security-relevant syscalls; all syscalls; plus raw args and timing
          -h, --help            this help

        Exit status: the program's own, or 128+N if signal N killed it; 124 timeout; 125 the sandbox could not
        be set up; 127 the command could not be executed; 2 usage error; 78 invalid policy.
        """;
}
