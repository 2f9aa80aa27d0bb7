namespace Sandtrace.Sandbox;

/// <summary>
/// [limits] max_processes for root. RLIMIT_NPROC does not bind the host's uid 0 (the kernel exempts INIT_USER), and
/// root's sandbox maps uid 0 to itself, so for root the limit is a pids cgroup instead: a fresh cgroup with pids.max,
/// PID 1 of the sandbox moved into it before it is released (everything it starts inherits it), removed at the end.
/// cgroup v2 (pids in cgroup.controllers) or v1 (a pids hierarchy). No writable pids cgroup: refuse (fail closed).
/// </summary>
internal sealed class PidsCgroup : IDisposable
{
    readonly string _path;

    PidsCgroup(string path) => _path = path;

    public static PidsCgroup Create(long maxProcesses, int reaperPid)
    {
        foreach (var root in CandidateRoots())
        {
            string dir = Path.Combine(root, $"sandtrace-{Environment.ProcessId}-{reaperPid}");
            try
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "pids.max"), maxProcesses.ToString());
                File.WriteAllText(Path.Combine(dir, "cgroup.procs"), reaperPid.ToString());
                return new PidsCgroup(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                try { Directory.Delete(dir); } catch (Exception d) when (d is IOException or UnauthorizedAccessException) { }
            }
        }
        throw new SandboxError("[limits] max_processes cannot be enforced for root: RLIMIT_NPROC does not apply to uid 0 and no " +
            "writable pids cgroup was found (cgroup v2 with the pids controller, or /sys/fs/cgroup/pids); run as a regular " +
            "user, or remove max_processes", 125);
    }

    static IEnumerable<string> CandidateRoots()
    {
        foreach (var v2 in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" })
        {
            string controllers = Path.Combine(v2, "cgroup.controllers");
            if (File.Exists(controllers) && File.ReadAllText(controllers).Split(' ', '\n').Contains("pids")) yield return v2;
        }
        if (File.Exists("/sys/fs/cgroup/pids/cgroup.procs")) yield return "/sys/fs/cgroup/pids";
    }

    public void Dispose()
    {
        // Empty once every sandboxed process has been reaped; a busy cgroup is left for the kernel to report.
        for (int i = 0; i < 50; i++)
        {
            try { Directory.Delete(_path); return; }
            catch (IOException) { Thread.Sleep(10); }
            catch (UnauthorizedAccessException) { return; }
        }
    }
}
