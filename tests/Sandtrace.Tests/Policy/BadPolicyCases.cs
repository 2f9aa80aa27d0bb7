namespace Sandtrace.Tests.Policy;

/// <summary>
/// Policies that must be refused before anything runs: the file's text and a fragment of the one-line error.
/// Placeholders: {file} the policy's path, {home} the HOME sandtrace is given, {root} the scratch root (home's parent).
/// A case with a working directory runs sandtrace there (profiles that use the working directory).
/// </summary>
internal static class BadPolicyCases
{
    public sealed record Case(string Name, string Toml, string Fragment, string? WorkingDirectory = null)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] All =
    [
        // Syntax, structure, types: E_POLICY_INVALID.
        new("toml syntax", "[filesystem\nallow_read = []\n", "{file}:1:12: E_POLICY_INVALID: "),
        new("unknown section", "[filesytem]\nallow_read = []\n", "{file}:1:2: E_POLICY_INVALID: unknown section [filesytem] (did you mean 'filesystem'?); the sections are"),
        new("unknown section limit", "[limit]\ntimeout = 3\n", "{file}:1:2: E_POLICY_INVALID: unknown section [limit] (did you mean 'limits'?)"),
        new("unknown key", "[filesystem]\nallow_reed = []\n", "{file}:2:1: E_POLICY_INVALID: unknown key 'allow_reed' in [filesystem] (did you mean 'allow_read'?); [filesystem] takes allow_read, allow_write, allow_exec, deny"),
        new("unknown limits key", "[limits]\nmax_proceses = 3\n", "{file}:2:1: E_POLICY_INVALID: unknown key 'max_proceses' in [limits] (did you mean 'max_processes'?)"),
        new("unknown top-level key", "profle = \"workspace\"\n", "{file}:1:1: E_POLICY_INVALID: unknown top-level key 'profle' (did you mean 'profile'?)"),
        new("key outside its section", "timeout = 30\n", "{file}:1:1: E_POLICY_INVALID: 'timeout' outside a section; move it under [limits]"),
        new("section that is not a table", "network = true\n", "{file}:1:1: E_POLICY_INVALID: 'network' must be a section; write it as a [network] table"),
        new("list that is a string", "[filesystem]\nallow_read = \"/usr\"\n", "{file}:2:14: E_POLICY_INVALID: 'allow_read' must be an array of strings, not a string"),
        new("number in a path list", "[filesystem]\nallow_read = [\"/usr\", 42]\n", "{file}:2:23: E_POLICY_INVALID: [filesystem] allow_read holds strings, not an integer"),
        new("network allow not a boolean", "[network]\nallow = \"yes\"\n", "{file}:2:9: E_POLICY_INVALID: 'allow' must be true or false, not a string"),
        new("empty path", "[filesystem]\nallow_read = [\"\"]\n", "{file}:2:15: E_POLICY_INVALID: empty entry in [filesystem] allow_read; remove it"),
        new("empty deny pattern", "[filesystem]\ndeny = [\"/etc/shadow\", \"\"]\n", "{file}:2:24: E_POLICY_INVALID: empty entry in [filesystem] deny; remove it"),
        new("double star in allow_read", "[filesystem]\nallow_read = [\"/srv/**\"]\n", "{file}:2:15: E_POLICY_INVALID: allow_read '/srv/**': '**' is only supported in deny"),
        new("double star in allow_write", "[filesystem]\nallow_write = [\"**/out\"]\n", "{file}:2:16: E_POLICY_INVALID: allow_write '**/out': '**' is only supported in deny"),
        new("another user's home", "[filesystem]\nallow_read = [\"~bob\"]\n", "{file}:2:15: E_POLICY_INVALID: '~bob': only '~' and '~/…' (your own home) are expanded"),
        new("unknown syscall", "[syscalls]\ndeny = [\"mount\", \"mountt\"]\n", "{file}:2:18: E_POLICY_INVALID: unknown syscall 'mountt' in [syscalls] deny (did you mean 'mount'?)"),
        new("log_only not a list", "[syscalls]\nlog_only = \"mmap\"\n", "{file}:2:12: E_POLICY_INVALID: 'log_only' must be an array of strings, not a string"),
        new("unknown profile", "profile = \"workspce\"\n", "{file}:1:11: E_POLICY_INVALID: unknown profile 'workspce' (did you mean 'workspace'?); profile is one of 'read-only', 'workspace', 'network' or 'off'"),
        new("profile not a string", "profile = 1\n", "{file}:1:11: E_POLICY_INVALID: 'profile' must be a string, not an integer"),
        new("domain as a URL", "[network]\ndenied_domains = [\"https://example.com\"]\n", "{file}:2:19: E_POLICY_INVALID: 'https://example.com' in denied_domains is a URL, not a host name"),
        new("domain with a port", "[network]\ndenied_domains = [\"example.com:443\"]\n", "{file}:2:19: E_POLICY_INVALID: 'example.com:443' in denied_domains has a port"),
        new("bare star domain", "[network]\ndenied_domains = [\"*\"]\n", "{file}:2:19: E_POLICY_INVALID: '*' in denied_domains would match every name"),
        new("empty domain", "[network]\ndenied_domains = [\"\"]\n", "{file}:2:19: E_POLICY_INVALID: empty entry in [network] denied_domains"),
        new("uppercase domain", "[network]\ndenied_domains = [\"Example.COM\"]\n", "{file}:2:19: E_POLICY_INVALID: 'Example.COM' in denied_domains has uppercase letters; write it in lowercase: 'example.com'"),
        new("memory without a unit", "[limits]\nmemory = 512\n", "{file}:2:10: E_POLICY_INVALID: memory = 512 is only 512 bytes, less than any program needs to start; give a unit, e.g. memory = \"512M\""),
        new("memory with a decimal unit", "[limits]\nmemory = \"2GB\"\n", "{file}:2:10: E_POLICY_INVALID: memory: '2GB' has an unknown unit 'GB'"),
        new("memory too large", "[limits]\nmemory = \"1000T\"\n", "{file}:2:10: E_POLICY_INVALID: memory = \"1000T\" is more than the maximum 128 TiB"),
        new("zero processes", "[limits]\nmax_processes = 0\n", "{file}:2:17: E_POLICY_INVALID: max_processes must be positive, not 0"),
        new("fractional cpu time", "[limits]\ncpu_time = 1.5\n", "{file}:2:12: E_POLICY_INVALID: 'cpu_time' must be a whole number of seconds, not a float"),
        new("too many open files", "[limits]\nmax_open_files = 99999999\n", "{file}:2:18: E_POLICY_INVALID: max_open_files = 99999999 is more than the maximum 1048576 descriptors"),
        new("negative timeout", "[limits]\ntimeout = -5\n", "{file}:2:11: E_POLICY_INVALID: timeout = -5 is out of range"),
        new("env name with a dash", "[env]\ninherit = [\"MY-VAR\"]\n", "{file}:2:12: E_POLICY_INVALID: 'MY-VAR' in [env] inherit is not a variable name or 'PREFIX*'"),
        new("env set not a table", "[env]\nset = [\"A=1\"]\n", "{file}:2:7: E_POLICY_INVALID: 'set' must be a table of strings, not an array"),
        new("env set number", "[env.set]\nCI = 1\n", "{file}:2:6: E_POLICY_INVALID: [env] set CI must be a string, not an integer; quote the value: CI = \"1\""),
        new("env set NUL", "[env.set]\nA = \"x\\u0000y\"\n", "{file}:2:5: E_POLICY_INVALID: [env] set A holds a NUL character"),

        // Well formed but refused for safety: E_POLICY_DENIED.
        new("write root /", "[filesystem]\nallow_write = [\"/\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write '/' makes the whole filesystem writable; allow only the directories the program must write"),
        new("write root / by dot-dot", "[filesystem]\nallow_write = [\"/tmp/..\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write '/tmp/..' makes the whole filesystem writable"),
        new("write root home", "[filesystem]\nallow_write = [\"~\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write '~' makes your home directory {home} writable"),
        new("write root home by path", "[filesystem]\nallow_write = [\"{home}\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write '{home}' makes your home directory {home} writable"),
        new("write root parent of home", "[filesystem]\nallow_write = [\"{root}\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write '{root}' makes {root} writable, which contains your home directory {home}"),
        new("write root symlink to home", "[filesystem]\nallow_write = [\"homelink\"]\n", "{file}:2:16: E_POLICY_DENIED: allow_write 'homelink' makes your home directory {home} writable (it resolves to {home})"),
        new("profile off without ack", "profile = \"off\"\n", "{file}:1:11: E_POLICY_DENIED: profile 'off' runs the program with no sandbox (no built filesystem, Landlock or seccomp); pass --unsafe-ack to confirm"),
        new("workspace in home", "profile = \"workspace\"\n", "{file}:1:11: E_POLICY_DENIED: profile 'workspace' (the current directory {home}) makes your home directory {home} writable", WorkingDirectory: "{home}"),
        new("inherit LD_PRELOAD", "[env]\ninherit = [\"PATH\", \"LD_PRELOAD\"]\n", "{file}:2:20: E_POLICY_DENIED: [env] inherit 'LD_PRELOAD' would pass LD_* into the sandbox, which makes programs load or run code they were not asked to run; remove it, or pass --unsafe-ack"),
        new("inherit LD_ prefix", "[env]\ninherit = [\"LD_*\"]\n", "{file}:2:12: E_POLICY_DENIED: [env] inherit 'LD_*' would pass LD_* into the sandbox"),
        new("inherit everything", "[env]\ninherit = [\"*\"]\n", "{file}:2:12: E_POLICY_DENIED: [env] inherit '*' would pass LD_*, DYLD_*, BASH_FUNC_* and 14 more into the sandbox"),
        new("set LD_PRELOAD", "[env]\nset = { LD_PRELOAD = \"/tmp/evil.so\" }\n", "{file}:2:9: E_POLICY_DENIED: [env] set LD_PRELOAD would pass LD_* into the sandbox"),
        new("set BASH_ENV", "[env.set]\nBASH_ENV = \"/tmp/x.sh\"\n", "{file}:2:1: E_POLICY_DENIED: [env] set BASH_ENV would pass BASH_ENV into the sandbox"),
    ];
}
