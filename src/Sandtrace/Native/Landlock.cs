using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// Landlock's user-space API (include/uapi/linux/landlock.h) up to ABI 7 (Linux 6.15). Named LandlockSys so it
/// does not collide with the layer class <c>Sandtrace.Sandbox.Landlock</c>.
/// </summary>
internal static class LandlockSys
{
    // x86_64 (and every other architecture: the Landlock syscalls came after the numbering unification).
    public const long create_ruleset = 444, add_rule = 445, restrict_self = 446;

    // landlock_create_ruleset(NULL, 0, flags) queries instead of creating.
    public const long CREATE_RULESET_VERSION = 1 << 0;
    public const long CREATE_RULESET_ERRATA = 1 << 1;   // ABI 7: bitmask of fixed errata

    // enum landlock_rule_type
    public const long RULE_PATH_BENEATH = 1, RULE_NET_PORT = 2;

    // Filesystem rights. ABI 1: bits 0-12; REFER ABI 2; TRUNCATE ABI 3; IOCTL_DEV ABI 5.
    public const ulong ACCESS_FS_EXECUTE = 1UL << 0, ACCESS_FS_WRITE_FILE = 1UL << 1, ACCESS_FS_READ_FILE = 1UL << 2,
        ACCESS_FS_READ_DIR = 1UL << 3, ACCESS_FS_REMOVE_DIR = 1UL << 4, ACCESS_FS_REMOVE_FILE = 1UL << 5,
        ACCESS_FS_MAKE_CHAR = 1UL << 6, ACCESS_FS_MAKE_DIR = 1UL << 7, ACCESS_FS_MAKE_REG = 1UL << 8,
        ACCESS_FS_MAKE_SOCK = 1UL << 9, ACCESS_FS_MAKE_FIFO = 1UL << 10, ACCESS_FS_MAKE_BLOCK = 1UL << 11,
        ACCESS_FS_MAKE_SYM = 1UL << 12, ACCESS_FS_REFER = 1UL << 13, ACCESS_FS_TRUNCATE = 1UL << 14,
        ACCESS_FS_IOCTL_DEV = 1UL << 15;

    /// <summary>The only rights a rule on a non-directory may carry (others make landlock_add_rule fail with EINVAL).</summary>
    public const ulong ACCESS_FS_FILE_RIGHTS = ACCESS_FS_EXECUTE | ACCESS_FS_WRITE_FILE | ACCESS_FS_READ_FILE
        | ACCESS_FS_TRUNCATE | ACCESS_FS_IOCTL_DEV;

    // Network rights, ABI 4.
    public const ulong ACCESS_NET_BIND_TCP = 1UL << 0, ACCESS_NET_CONNECT_TCP = 1UL << 1;

    // Scopes, ABI 6.
    public const ulong SCOPE_ABSTRACT_UNIX_SOCKET = 1UL << 0, SCOPE_SIGNAL = 1UL << 1;

    // landlock_restrict_self flags, ABI 7 (audit logging of denials).
    public const long RESTRICT_SELF_LOG_SAME_EXEC_OFF = 1 << 0, RESTRICT_SELF_LOG_NEW_EXEC_ON = 1 << 1,
        RESTRICT_SELF_LOG_SUBDOMAINS_OFF = 1 << 2;

    /// <summary>Every filesystem right the given ABI knows.</summary>
    public static ulong FsRights(int abi)
    {
        if (abi < 1) return 0;
        ulong all = (ACCESS_FS_MAKE_SYM << 1) - 1;   // bits 0-12
        if (abi >= 2) all |= ACCESS_FS_REFER;
        if (abi >= 3) all |= ACCESS_FS_TRUNCATE;
        if (abi >= 5) all |= ACCESS_FS_IOCTL_DEV;
        return all;
    }

    public static ulong NetRights(int abi) => abi >= 4 ? ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP : 0;

    public static ulong Scopes(int abi) => abi >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0;
}

/// <summary>struct landlock_ruleset_attr. Fields a kernel does not know must stay zero (it accepts a longer
/// struct only if the tail is zero), so the full size can always be passed.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LandlockRulesetAttr
{
    public ulong HandledAccessFs;
    public ulong HandledAccessNet;   // ABI 4
    public ulong Scoped;             // ABI 6
}

/// <summary>struct landlock_path_beneath_attr: __attribute__((packed)), 12 bytes, parent_fd at offset 8.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct LandlockPathBeneathAttr
{
    public ulong AllowedAccess;
    public int ParentFd;
}

/// <summary>struct landlock_net_port_attr (ABI 4); port in host byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LandlockNetPortAttr
{
    public ulong AllowedAccess;
    public ulong Port;
}
