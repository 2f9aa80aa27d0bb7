using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// A Landlock ruleset made in the parent: created before the clone (the raw-cloned child inherits the fd, close-on-exec
/// so the target never does), filled with every host-path rule while the child waits (both descriptors name the same
/// kernel object), then enforced by the child with landlock_restrict_self. Dispose once the child is released.
/// </summary>
internal sealed class LandlockRuleset : IDisposable
{
    int _fd, _childSlot = -1;

    public int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(LandlockRuleset));
    public int Abi { get; }
    public ulong HandledFs { get; }
    public ulong HandledNet { get; }
    public ulong Scoped { get; }
    /// <summary>Paths that got a rule (after merging duplicates); skipped ones are in <see cref="Warnings"/>.</summary>
    public int PathRules { get; private set; }
    /// <summary>Ports allowed when connect/bind is handled; null when not handled.</summary>
    public IReadOnlyList<ushort>? TcpConnectPorts { get; }
    public IReadOnlyList<ushort>? TcpBindPorts { get; }
    public IReadOnlyList<string> Warnings => _warnings;
    readonly List<string> _warnings;

    internal LandlockRuleset(int fd, int abi, ulong handledFs, ulong handledNet, ulong scoped,
        IReadOnlyList<ushort>? connectPorts, IReadOnlyList<ushort>? bindPorts, List<string> warnings)
    {
        _fd = fd;
        Abi = abi;
        HandledFs = handledFs;
        HandledNet = handledNet;
        Scoped = scoped;
        TcpConnectPorts = connectPorts;
        TcpBindPorts = bindPorts;
        _warnings = warnings;
    }

    internal void RulesAdded(int pathRules, IReadOnlyList<string> warnings)
    {
        PathRules += pathRules;
        _warnings.AddRange(warnings);
    }

    /// <summary>
    /// A descriptor number the child may overwrite: a rule's parent_fd is written into memory by the parent, but the
    /// child's own openat returns an unpredictable number. So the parent reserves a slot (a duplicate of the ruleset
    /// fd at the lowest free number) before the clone, which the child inherits at the same number and replaces with
    /// dup3 — never clobbering a descriptor that matters.
    /// </summary>
    internal int ReserveChildSlot()
    {
        if (_childSlot >= 0) return _childSlot;
        // The lowest free number, not a high one: growing a multithreaded process's descriptor table past its 64
        // slots costs a synchronize_rcu() in the kernel (measured 5–20 ms per run here).
        long r = RawSyscall.Call(Sys.fcntl, Fd, PathFd.F_DUPFD_CLOEXEC, 3);
        if (r < 0) throw new SandboxError($"Landlock (layer 6): cannot reserve a descriptor for the /proc rule: {Errno.Describe((int)-r)}", 125);
        return _childSlot = (int)r;
    }

    public string Describe()
    {
        var parts = new List<string>
        {
            $"{ulong.PopCount(HandledFs)} filesystem rights handled, {PathRules} path rule{(PathRules == 1 ? "" : "s")}"
                + (Warnings.Count > 0 ? $" ({Warnings.Count} warning{(Warnings.Count == 1 ? "" : "s")})" : ""),
            DescribeTcp(),
        };
        if (Scoped != 0)
        {
            var s = new List<string>();
            if ((Scoped & LandlockSys.SCOPE_ABSTRACT_UNIX_SOCKET) != 0) s.Add("abstract UNIX sockets");
            if ((Scoped & LandlockSys.SCOPE_SIGNAL) != 0) s.Add("signals");
            parts.Add(string.Join(" and ", s) + " scoped to the sandbox");
        }
        return $"ABI {Abi}: " + string.Join("; ", parts);
    }

    string DescribeTcp()
    {
        if (HandledNet == 0) return Abi < 4 ? "TCP not restricted (needs ABI 4)" : "TCP not restricted";
        static string Ports(IReadOnlyList<ushort>? p) =>
            p == null ? "any port" : p.Count == 0 ? "denied" : "ports " + string.Join(",", p);
        if (TcpConnectPorts is { Count: 0 } && TcpBindPorts is { Count: 0 }) return "TCP denied";
        return $"TCP connect {Ports(TcpConnectPorts)}, bind {Ports(TcpBindPorts)}";
    }

    public void Dispose()
    {
        if (_childSlot >= 0) PathFd.Close(_childSlot);
        if (_fd >= 0) PathFd.Close(_fd);
        _childSlot = _fd = -1;
    }
}
