namespace Sandtrace.Cli;

internal static class HelpText
{
    public const string Main = """
        sandtrace — run a program in a sandbox and trace every syscall it makes

        Usage:
          sandtrace run [OPTIONS] [--] CMD [ARGS…]
          sandtrace run --explain-policy [OPTIONS] [--] [CMD…]
          sandtrace policy check [--unsafe-ack] FILE
          sandtrace --version
          sandtrace --help

        Run 'sandtrace run --help' for the options, 'sandtrace policy --help' for policy files.
        Documentation: README.md.
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
          --cpu-placement=P     auto (default): one CPU for tracer and program (security: all CPUs while 2+ compute); none; same; follow
          --no-color            no ANSI colours (also when NO_COLOR is set or stderr is not a terminal)
          -v, -vv, -vvv         security-relevant syscalls; all syscalls; plus raw args and timing
          --explain-policy      print the effective policy (file + flags) and its warnings, run nothing (CMD optional)
          --unsafe-ack          accept an unsafe mode: profile "off", network with --trace-only, injection
                                variables (LD_*, BASH_ENV…) in [env]; refused otherwise
          -h, --help            this help

        Exit status: the program's own, or 128+N if signal N killed it; 124 timeout; 125 the sandbox could not
        be set up; 127 the command could not be executed; 2 usage error; 78 invalid or refused policy.
        """;

    public const string Policy = """
        Usage: sandtrace policy check [--unsafe-ack] FILE

        Loads FILE as 'sandtrace run --policy FILE' would, prints the effective policy (profile defaults, every
        list, environment, limits, network, the deny rules including the built-in secrets) and its warnings on
        stdout, and runs nothing. 'sandtrace run --explain-policy [OPTIONS]' does the same with the flags merged.

        Policy file (TOML):
          profile = "read-only" | "workspace" | "network" | "off"    defaults that the sections refine
          [filesystem]  allow_read, allow_write, allow_exec, deny     paths; relative to the file, ~ expanded
          [network]     allow (bool), denied_domains ("example.com", "*.example.com")
          [syscalls]    deny, log_only                               x86_64 syscall names
          [limits]      timeout, cpu_time (seconds), memory, max_file_size (bytes or "512M"),
                        max_processes, max_open_files
          [env]         inherit (names or "PREFIX*"), set (a table of strings)
          [trace]       depth = "all" | "security" (the --trace flag overrides it)

        Allowing a built-in secret by name (allow_read = ["~/.ssh"], --allow-path ~/.aws) lifts its deny rule for
        the run, with a warning; anything inside a secret, or matched by a wildcard rule like **/.env, stays denied.

        Errors are one line, 'file:line:column: CODE: what is wrong; how to fix it', exit 78:
          E_POLICY_INVALID  the policy cannot be understood (syntax, unknown key, wrong type, bad value)
          E_POLICY_DENIED   the policy is refused for safety ('/' or $HOME writable, LD_* in [env],
                            profile "off" or network without a sandbox and no --unsafe-ack)
        """;
}
