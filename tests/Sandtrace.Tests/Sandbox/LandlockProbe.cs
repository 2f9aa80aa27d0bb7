using System.Diagnostics;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// A python3 child that tries operations and prints "op<TAB>RESULT" per line (RESULT is "ok", "exit N" or an errno
/// name). With LL_PID/LL_FD in its environment it first fetches that ruleset fd out of the test process with
/// pidfd_getfd, sets no_new_privs and enforces it on itself, so the test host is never restricted; without them
/// it assumes it was started already restricted.
/// Every module is imported before the restriction: nothing needs to be read from disk afterwards.
/// </summary>
internal static class LandlockProbe
{
    public const string Python = "/usr/bin/python3";

    public const string Script = """
        import ctypes, errno, os, socket, sys
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        def sc(*a):
            r = libc.syscall(*[ctypes.c_long(x) for x in a])
            if r < 0:
                e = ctypes.get_errno()
                raise OSError(e, os.strerror(e))
            return r
        if "LL_PID" in os.environ:
            pidfd = os.pidfd_open(int(os.environ["LL_PID"]))
            rfd = sc(438, pidfd, int(os.environ["LL_FD"]), 0)   # pidfd_getfd
            sc(157, 38, 1, 0, 0, 0)                             # prctl(PR_SET_NO_NEW_PRIVS, 1)
            sc(446, rfd, 0)                                     # landlock_restrict_self
        for op in sys.argv[1:]:
            kind, _, arg = op.partition(":")
            try:
                if kind == "read":
                    fd = os.open(arg, os.O_RDONLY); os.read(fd, 1); os.close(fd)
                elif kind == "list":
                    os.listdir(arg)
                elif kind == "write":
                    fd = os.open(arg, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644); os.write(fd, b"x"); os.close(fd)
                elif kind == "trunc":
                    fd = os.open(arg, os.O_WRONLY | os.O_TRUNC); os.write(fd, b"x"); os.close(fd)
                elif kind == "rename":
                    a, b = arg.split(">"); os.rename(a, b)
                elif kind == "unlink":
                    os.unlink(arg)
                elif kind == "exec":
                    pid = os.posix_spawn(arg, [arg], {})
                    st = os.waitpid(pid, 0)[1]
                    if st != 0: raise RuntimeError("exit %d" % os.waitstatus_to_exitcode(st))
                elif kind == "connect":
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.connect(("127.0.0.1", int(arg))); s.close()
                elif kind == "kill":
                    os.kill(int(arg), 0)
                else:
                    raise RuntimeError("unknown op")
                print(op, "ok", sep="\t")
            except OSError as e:
                print(op, errno.errorcode.get(e.errno, str(e.errno)), sep="\t")
            except RuntimeError as e:
                print(op, e, sep="\t")
            sys.stdout.flush()
        """;

    /// <summary>Runs the probe restricted by the test process's ruleset <paramref name="rulesetFd"/>.</summary>
    public static Dictionary<string, string> RunRestrictedBy(int rulesetFd, params string[] ops)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Argv(ops).Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment["LL_PID"] = Environment.ProcessId.ToString();
        psi.Environment["LL_FD"] = rulesetFd.ToString();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException("landlock probe hung"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"probe exited {p.ExitCode}: {err.Result}");
        return Parse(stdout, ops);
    }

    /// <summary>argv for execve: python3 -I -c SCRIPT ops… (-I: no cwd on sys.path, no user site).</summary>
    public static string[] Argv(string[] ops) => [Python, "-I", "-c", Script, .. ops];

    public static Dictionary<string, string> Parse(string stdout, string[] ops)
    {
        var results = new Dictionary<string, string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int tab = line.IndexOf('\t');
            if (tab > 0) results[line[..tab]] = line[(tab + 1)..];
        }
        foreach (var op in ops)
            if (!results.ContainsKey(op)) throw new InvalidOperationException($"probe printed no result for {op}; output:\n{stdout}");
        return results;
    }
}
