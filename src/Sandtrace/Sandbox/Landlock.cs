using Sandtrace.Native;
using static Sandtrace.Native.LandlockSys;

namespace Sandtrace.Sandbox;

/// <summary>
/// Layer 6. Landlock repeats the filesystem view's allow rules inside the kernel, controls EXECUTE, denies TCP when
/// the network is not allowed, and (ABI ≥ 6) scopes abstract UNIX sockets and signals to the sandbox. The ruleset is
/// built here in the parent with all host-path rules; the child only runs landlock_restrict_self (after
/// no_new_privs), plus one rule for its fresh /proc, which is a new superblock no host rule covers.
/// </summary>
internal static class Landlock
{
    const int ProcFdRegister = 1;   // register 0 belongs to the network layer's socket

    const ulong ReadAccess = ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR;
    const ulong ExecAccess = ACCESS_FS_EXECUTE | ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR;
    const ulong DeviceAccess = ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR | ACCESS_FS_WRITE_FILE | ACCESS_FS_TRUNCATE
        | ACCESS_FS_IOCTL_DEV;

    /// <summary>
    /// The fresh /proc: read, plus write and truncate because programs write their own knobs there
    /// (/proc/self/oom_score_adj, /proc/self/task/N/comm for thread names, often via a shell's "&gt;" which truncates).
    /// Writes that reach beyond the sandbox stay guarded by file ownership, the dropped capabilities and the PID
    /// namespace; Landlock's own ptrace scoping keeps /proc/N/mem of processes outside the domain closed.
    /// No EXECUTE: /proc/self/exe resolves to the real binary, whose own rule decides.
    /// </summary>
    public const ulong ProcAccess = ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR | ACCESS_FS_WRITE_FILE | ACCESS_FS_TRUNCATE;

    const int ENOSYS = 38, EOPNOTSUPP = 95, EPERM = 1;

    /// <summary>The kernel's Landlock ABI, or 0 when it has none: not built in (ENOSYS), disabled at boot
    /// (EOPNOTSUPP), or blocked by a container's seccomp filter (EPERM).</summary>
    public static int Abi()
    {
        long r = RawSyscall.Call(create_ruleset, 0, 0, CREATE_RULESET_VERSION);
        if (r >= 0) return Math.Min((int)r, AbiCap());
        int errno = (int)-r;
        if (errno is ENOSYS or EOPNOTSUPP or EPERM) return 0;
        throw new SandboxError($"Landlock (layer 6): cannot query the ABI version: {Errno.Describe(errno)}", 125);
    }

    /// <summary>SANDTRACE_LANDLOCK_ABI=N makes sandtrace behave as on a kernel with at most ABI N (0: no Landlock), to
    /// check what a user of an older kernel gets (README "Kernel requirements").</summary>
    static int AbiCap() =>
        int.TryParse(Environment.GetEnvironmentVariable("SANDTRACE_LANDLOCK_ABI"), out int cap) && cap >= 0 ? cap : int.MaxValue;

    /// <summary>Creates the ruleset and adds every rule: <see cref="Create"/> then <see cref="AddRules"/>.</summary>
    public static LandlockRuleset Build(LandlockRules rules)
    {
        var r = Create(rules);
        try { AddRules(r, rules); }
        catch { r.Dispose(); throw; }
        return r;
    }

    /// <summary>
    /// The ruleset without rules yet: what it handles depends only on the kernel's ABI and the network policy, so it
    /// exists before the sandbox is cloned (the child inherits its descriptor and the reserved slot, see
    /// <see cref="LandlockRuleset.ReserveChildSlot"/>); the rules go in afterwards through the shared ruleset.
    /// </summary>
    public static unsafe LandlockRuleset Create(LandlockRules rules)
    {
        int abi = Abi();
        if (abi == 0)
            throw new SandboxError("Landlock (layer 6): not available on this kernel (not built in, disabled at boot, " +
                "or blocked by a seccomp filter)", 125);
        var warnings = new List<string>();
        ulong fs = FsRights(abi);

        var (net, connect, bind) = NetworkPolicy(rules, abi, warnings);
        ulong scoped = 0;
        if (rules.ScopeAbstractUnix) scoped |= SCOPE_ABSTRACT_UNIX_SOCKET;
        if (rules.ScopeSignals) scoped |= SCOPE_SIGNAL;
        if (scoped != 0 && abi < 6)
        {
            warnings.Add($"Landlock ABI {abi} cannot scope abstract UNIX sockets and signals (needs ABI 6)");
            scoped = 0;
        }

        var attr = new LandlockRulesetAttr { HandledAccessFs = fs, HandledAccessNet = net, Scoped = scoped };
        long created = RawSyscall.Call(create_ruleset, (long)&attr, sizeof(LandlockRulesetAttr), 0);
        if (created < 0)
            throw new SandboxError($"Landlock (layer 6): cannot create the ruleset: {Errno.Describe((int)-created)}", 125);
        // The kernel makes it close-on-exec.
        var r = new LandlockRuleset((int)created, abi, fs, net, scoped, connect, bind, warnings);
        try { r.ReserveChildSlot(); }
        catch { r.Dispose(); throw; }
        return r;
    }

    /// <summary>Adds the path rules of <paramref name="rules"/> and the port rules chosen at <see cref="Create"/>.</summary>
    public static void AddRules(LandlockRuleset r, LandlockRules rules)
    {
        var warnings = new List<string>();
        int pathRules = 0;
        foreach (var (path, access) in PathAccess(rules, r.HandledFs))
            if (AddPathRule(r.Fd, path, access, warnings)) pathRules++;
        AddPortRules(r.Fd, r.TcpConnectPorts, r.TcpBindPorts);
        r.RulesAdded(pathRules, warnings);
    }

    /// <summary>Appends the child's enforcement step. The child must have set no_new_privs before.</summary>
    public static unsafe void AddRestrictSteps(ChildProgram p, LandlockRuleset r) =>
        p.Syscall("enforce the Landlock ruleset (landlock_restrict_self)", restrict_self, [r.Fd, 0]);

    /// <summary>
    /// Appends, for a procfs the child has just mounted at <paramref name="procMountPoint"/>, the steps that add its
    /// rule (<see cref="ProcAccess"/>): open it O_PATH into a register, dup3 it onto the slot the rule's parent_fd
    /// already names (the program cannot store a register into memory), add the rule, close the O_PATH descriptor.
    /// </summary>
    public static void AddProcRuleSteps(ChildProgram p, LandlockRuleset r, string procMountPoint) =>
        AddMountRuleSteps(p, r, procMountPoint, ProcAccess);

    public const ulong DirectoryListingAccess = ACCESS_FS_READ_DIR;
    public const ulong FileReadAccess = ACCESS_FS_READ_FILE;

    /// <summary>Every right except EXECUTE: for a private tmpfs the child mounts (/dev/shm), like a write path.</summary>
    public static ulong ScratchAccess(LandlockRuleset r) => r.HandledFs & ~ACCESS_FS_EXECUTE;

    /// <summary>The same steps for any filesystem the child mounts itself (a new superblock no host rule covers).</summary>
    public static unsafe void AddMountRuleSteps(ChildProgram p, LandlockRuleset r, string procMountPoint, ulong access)
    {
        int slot = r.ReserveChildSlot();
        var attr = p.Arena.Alloc<LandlockPathBeneathAttr>();
        attr->AllowedAccess = access & r.HandledFs;
        attr->ParentFd = slot;
        p.Syscall($"open {procMountPoint} (O_PATH) for its Landlock rule", Sys.openat,
            [SetupConst.AT_FDCWD, (long)p.Arena.CString(procMountPoint), PathFd.O_PATH | PathFd.O_CLOEXEC], storeRegister: ProcFdRegister);
        p.Syscall($"place it at descriptor {slot}, named by the rule (dup3)", Sys.dup3, [ProcFdRegister, slot, PathFd.O_CLOEXEC],
            argFromRegister: 1);
        p.Syscall($"add the Landlock rule for the fresh procfs at {procMountPoint}", add_rule,
            [r.Fd, RULE_PATH_BENEATH, (long)attr, 0]);
        // The slot stays open (close-on-exec; PID 1 closes everything): a closed slot would be the lowest free number,
        // the next openat would return it, and dup3 onto itself is EINVAL.
        p.Syscall($"close the O_PATH descriptor of {procMountPoint}", Sys.close, [ProcFdRegister], argFromRegister: 1);
    }

    public static LayerStatus Status(LandlockRuleset r) => new(6, "Landlock", true, r.Describe());

    /// <summary>Rights per path, merged when a path is in several lists, in first-seen order.</summary>
    static List<(string Path, ulong Access)> PathAccess(LandlockRules rules, ulong fs)
    {
        ulong exec = rules.ExecuteAnything ? ACCESS_FS_EXECUTE : 0;
        ulong write = (fs & ~ACCESS_FS_EXECUTE) | exec;   // includes REFER (ABI ≥ 2): renames and links within write areas
        var order = new List<string>();
        var access = new Dictionary<string, ulong>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> paths, ulong a)
        {
            foreach (var path in paths)
            {
                if (!Path.IsPathFullyQualified(path))
                    throw new SandboxError($"Landlock (layer 6): rule path is not absolute: {path}", 125);
                if (access.TryGetValue(path, out ulong old)) access[path] = old | a;
                else { access[path] = a; order.Add(path); }
            }
        }
        Add(rules.ReadPaths, ReadAccess | exec);
        Add(rules.WritePaths, write);
        Add(rules.ExecPaths, ExecAccess);
        Add(rules.Devices, DeviceAccess);
        return order.Select(p => (p, access[p] & fs)).ToList();   // a right the ruleset does not handle is EINVAL
    }

    /// <summary>Adds one path rule; a path that cannot be opened is skipped with a warning (it cannot be reached
    /// through this inode either), any other failure is an error.</summary>
    static unsafe bool AddPathRule(int ruleset, string path, ulong access, List<string> warnings)
    {
        int fd = PathFd.Open(path);
        if (fd < 0)
        {
            warnings.Add($"Landlock: no rule for {path}: {Errno.Describe(-fd)}");
            return false;
        }
        try
        {
            if (!PathFd.IsDirectory(fd)) access &= ACCESS_FS_FILE_RIGHTS;   // directory-only rights are EINVAL on files
            if (access == 0)
            {
                warnings.Add($"Landlock: no rule for {path}: none of its rights apply to a file");
                return false;
            }
            var attr = new LandlockPathBeneathAttr { AllowedAccess = access, ParentFd = fd };
            long r = RawSyscall.Call(add_rule, ruleset, RULE_PATH_BENEATH, (long)&attr, 0);
            if (r < 0)
                throw new SandboxError($"Landlock (layer 6): cannot add the rule for {path} (rights 0x{access:x}): {Errno.Describe((int)-r)}", 125);
            return true;
        }
        finally { PathFd.Close(fd); }
    }

    /// <summary>Which TCP rights to handle and which ports to allow (null: that right is not handled).</summary>
    static (ulong Net, IReadOnlyList<ushort>? Connect, IReadOnlyList<ushort>? Bind) NetworkPolicy(
        LandlockRules rules, int abi, List<string> warnings)
    {
        if (abi < 4)
        {
            if (rules.NetworkAllowed && (rules.TcpConnectPorts != null || rules.TcpBindPorts != null))
                warnings.Add($"Landlock ABI {abi} cannot restrict TCP ports (needs ABI 4): the port lists are not enforced");
            return (0, null, null);
        }
        if (!rules.NetworkAllowed) return (ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP, [], []);
        ulong net = (rules.TcpConnectPorts != null ? ACCESS_NET_CONNECT_TCP : 0) | (rules.TcpBindPorts != null ? ACCESS_NET_BIND_TCP : 0);
        return (net, rules.TcpConnectPorts?.Distinct().ToList(), rules.TcpBindPorts?.Distinct().ToList());
    }

    static unsafe void AddPortRules(int ruleset, IReadOnlyList<ushort>? connect, IReadOnlyList<ushort>? bind)
    {
        void Add(IReadOnlyList<ushort>? ports, ulong right)
        {
            foreach (var port in ports ?? [])
            {
                var attr = new LandlockNetPortAttr { AllowedAccess = right, Port = port };
                long r = RawSyscall.Call(add_rule, ruleset, RULE_NET_PORT, (long)&attr, 0);
                if (r < 0)
                    throw new SandboxError($"Landlock (layer 6): cannot add the rule for TCP port {port}: {Errno.Describe((int)-r)}", 125);
            }
        }
        Add(connect, ACCESS_NET_CONNECT_TCP);
        Add(bind, ACCESS_NET_BIND_TCP);
    }
}
