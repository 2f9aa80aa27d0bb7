namespace Sandtrace.Tests.Escape;

/// <summary>When the attack is expected to work under --trace-only (proving the scenario can fail).</summary>
public enum Opposite
{
    /// <summary>Not meaningful: namespaces still apply under --trace-only, or the attack would harm the host.</summary>
    None,
    /// <summary>Works for every user without enforcement.</summary>
    Always,
    /// <summary>Works without enforcement only for root (e.g. /etc/shadow is unreadable to others anyway).</summary>
    RootOnly,
    /// <summary>Works under --trace-only --allow-net (the network namespace is a layer too).</summary>
    WithNetwork,
}

/// <summary>One attack of tests/escape: the script, the layers allowed to report its denial, and its opposite.</summary>
public sealed record EscapeScenario(string Name, string[] Layers, Opposite Opposite = Opposite.None, bool ExpectDenyEvent = true)
{
    public override string ToString() => Name;

    static readonly string[] Files = ["deny", "mount", "landlock"];
    static readonly string[] Writes = ["mount", "landlock"];
    static readonly string[] Exec = ["landlock", "exec"];
    static readonly string[] Seccomp = ["seccomp"];
    static readonly string[] Net = ["landlock", "network"];

    public static readonly EscapeScenario[] All =
    [
        new("read_etc_shadow", Files, Opposite.RootOnly),
        new("read_ssh_key", Files, Opposite.Always),
        new("read_dotenv_in_allowed_dir", Files, Opposite.Always),
        new("read_outside_file", Files, Opposite.Always),
        new("read_via_symlink", Files, Opposite.Always),
        new("read_via_symlink_to_masked", Files, Opposite.RootOnly),
        new("read_via_hardlink", Files, Opposite.Always),
        new("read_via_dotdot", Files, Opposite.Always),
        new("read_via_proc_self_root", Files, Opposite.Always),
        new("read_via_proc_1_root", Files),   // without enforcement /proc/1/root still needs ptrace rights over PID 1, which the program lacks
        // The descriptor does not exist inside (close_range before execve): there is no call to deny, it fails EBADF.
        new("read_inherited_fd", Files, Opposite.None, ExpectDenyEvent: false),
        new("write_outside_open", Writes),
        new("write_home_open", Files, Opposite.Always),
        new("write_outside_rename", Writes),
        new("write_outside_link", Writes),
        new("write_outside_symlink", Writes),
        new("write_outside_mknod", Writes),
        new("write_outside_truncate", Writes),
        new("write_outside_chmod", Writes),
        new("write_outside_utime", Writes),
        new("write_outside_dir_mkdir", Files, Opposite.Always),
        new("exec_direct", Exec, Opposite.Always),
        new("exec_shebang", Exec, Opposite.Always),
        new("exec_execveat", Exec, Opposite.Always),
        new("exec_memfd", Exec, Opposite.Always),
        new("exec_via_ldso", Exec, Opposite.Always),
        new("net_external_tcp", Net),
        new("net_external_udp", Net),
        new("net_host_loopback", Net, Opposite.WithNetwork),
        new("net_abstract_unix_host", Net, Opposite.WithNetwork),
        new("mount_tmpfs", Seccomp),
        new("umount_root", Seccomp),
        new("pivot_root", Seccomp),
        new("chroot_out", Seccomp),
        new("unshare_userns", Seccomp, Opposite.Always),
        new("clone_userns", Seccomp, Opposite.Always),
        new("setns_host", Seccomp),
        new("ptrace_attach", Seccomp),
        new("process_vm_readv", Seccomp),
        new("kill_host_process", ["pid", "landlock"]),
        new("kill_sandbox_init", ["landlock"]),
        new("tiocsti", Seccomp),
        new("tioclinux", Seccomp),
        new("io_uring", Seccomp),
        new("bpf_prog", Seccomp),
        new("keyctl_session", Seccomp),
        new("add_key", Seccomp),
        new("perf_event", Seccomp),
        new("reboot_host", Seccomp),
        new("init_module", Seccomp),
        new("finit_module", Seccomp),
        new("userfaultfd", Seccomp),
        new("open_by_handle_at", Seccomp),
        new("name_to_handle_at", Seccomp, Opposite.Always),
        new("seccomp_filter_removal", Seccomp),
    ];
}
