namespace Sandtrace.Sandbox;

/// <summary>
/// What the Landlock layer should allow, in host paths (rules bind to inodes, so they keep applying after the
/// child bind-mounts those paths into its new root and pivots).
/// </summary>
/// <param name="ReadPaths">Files or directories to read (READ_FILE, READ_DIR).</param>
/// <param name="WritePaths">Files or directories to read and modify: every filesystem right except EXECUTE.</param>
/// <param name="ExecPaths">Files or directories whose programs may be executed (EXECUTE, READ_FILE, READ_DIR). The
/// target and its ELF interpreter must be among them, or reachable with <paramref name="ExecuteAnything"/>.</param>
/// <param name="ExecuteAnything">--allow-exec: EXECUTE on every read and write path as well.</param>
/// <param name="Devices">Device nodes (e.g. /dev/null) needing read, write, truncate (for "&gt;/dev/null") and ioctl.</param>
/// <param name="NetworkAllowed">False: TCP bind and connect are handled with no rule, so denied (the network
/// namespace denies them too; this is defence in depth).</param>
/// <param name="TcpConnectPorts">With network allowed: null leaves connect unrestricted; a list (even empty) allows
/// only those ports.</param>
/// <param name="TcpBindPorts">Same as <paramref name="TcpConnectPorts"/>, for bind.</param>
/// <param name="ScopeAbstractUnix">ABI ≥ 6: no connecting to abstract UNIX sockets created outside the sandbox.</param>
/// <param name="ScopeSignals">ABI ≥ 6: no signals to processes outside the sandbox.</param>
internal sealed record LandlockRules(
    IReadOnlyList<string> ReadPaths,
    IReadOnlyList<string> WritePaths,
    IReadOnlyList<string> ExecPaths,
    bool ExecuteAnything,
    IReadOnlyList<string> Devices,
    bool NetworkAllowed,
    IReadOnlyList<ushort>? TcpConnectPorts = null,
    IReadOnlyList<ushort>? TcpBindPorts = null,
    bool ScopeAbstractUnix = true,
    bool ScopeSignals = true);
