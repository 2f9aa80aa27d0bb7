using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Sandtrace.Sandbox;

namespace Sandtrace.Tests.Sandbox;

/// <summary>The outcome of one probe process: its exit code (128+N when killed by signal N) and its JSON line.</summary>
internal sealed record ProbeOutcome(int ExitCode, string Stdout, string Stderr)
{
    public Dictionary<string, string> Results =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Stdout.Trim().Split('\n')[^1])
        ?? throw new InvalidOperationException("empty probe output");

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// Installs a real <see cref="SeccompFilter"/> in a throwaway python3 process (ctypes: prctl(PR_SET_NO_NEW_PRIVS),
/// then the raw seccomp syscall with a struct sock_fprog over the exported bytes, exactly what the sandbox child
/// does) and lets it try syscalls. Forking the .NET test host to do this would be unsafe; python needs no compiler.
/// Every probe is harmless without a filter too (reboot with bad magic, clone with an invalid flag pair…), so the
/// same script doubles as the unfiltered control run.
/// </summary>
internal static class SeccompProbe
{
    public const string Python = "/usr/bin/python3";
    public const int SigSys = 31;

    /// <summary>Runs the probe script in <paramref name="mode"/> ("probe", "x32", "i386") under
    /// <paramref name="filter"/>, or with no filter at all when it is null.</summary>
    public static ProbeOutcome Run(SeccompFilter? filter, string mode)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sandtrace-seccomp-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            string script = Path.Combine(dir, "probe.py");
            File.WriteAllText(script, Script);
            string bpf = "-";
            if (filter is not null)
            {
                bpf = Path.Combine(dir, "filter.bpf");
                File.WriteAllBytes(bpf, MemoryMarshal.AsBytes(filter.Instructions).ToArray());
            }
            var psi = new ProcessStartInfo(Python)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                UseShellExecute = false, WorkingDirectory = dir,
            };
            foreach (var a in new[] { "-I", script, bpf, mode }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
            p.StandardInput.Close(); // stdin is a pipe: TIOCSTI on it is ENOTTY unless the filter refuses first
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(30_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("the seccomp probe did not finish in 30 s");
            }
            return new ProbeOutcome(p.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    const string Script = """
        import ctypes, errno, json, mmap, os, resource, sys, threading

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGSYS would dump core otherwise
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        libc.prctl.restype = ctypes.c_int

        class SockFprog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

        def install(path):
            data = open(path, "rb").read()
            buf = ctypes.create_string_buffer(data, len(data))
            prog = SockFprog(len(data) // 8, ctypes.cast(buf, ctypes.c_void_p))
            if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
                sys.exit("prctl: " + os.strerror(ctypes.get_errno()))
            if libc.syscall(317, 1, 0, ctypes.byref(prog)) != 0:  # seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog)
                sys.exit("seccomp: " + os.strerror(ctypes.get_errno()))
            return buf, prog

        def outcome(r):
            return "ok" if r != -1 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))

        def sc(nr, *args):
            ctypes.set_errno(0)
            return outcome(libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a & 0xFFFFFFFFFFFFFFFF) for a in args]))

        def py(f):
            try:
                f()
                return "ok"
            except OSError as e:
                return errno.errorcode.get(e.errno, str(e.errno))

        def fork_works():
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            _, status = os.waitpid(pid, 0)
            return "ok" if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 7 else "status %d" % status

        def thread_works():
            seen = []
            t = threading.Thread(target=lambda: seen.append(1))
            t.start(); t.join()
            return "ok" if seen else "no"

        def int80_getpid():
            # mov eax, 20 (i386 getpid); int 0x80; ret
            code = bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3])
            m = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            m.write(code)
            addr = ctypes.addressof(ctypes.c_char.from_buffer(m))
            return ctypes.CFUNCTYPE(ctypes.c_int)(addr)()

        keep = install(sys.argv[1]) if sys.argv[1] != "-" else None
        mode = sys.argv[2]
        if mode == "x32":
            r = sc(0x40000000 | 39)  # x32 getpid
            print(json.dumps({"survived": r}), flush=True)
        elif mode == "i386":
            r = int80_getpid()
            print(json.dumps({"survived": "ok" if r == os.getpid() else "returned %d" % r}), flush=True)
        else:
            c = ctypes.c_char(b"x")
            addr = ctypes.addressof(c)
            n = ctypes.c_int(0)
            res = {
                "getpid": "ok" if os.getpid() > 0 else "no",
                "getcwd": py(os.getcwd),
                "reboot": sc(169, 0, 0, 0, 0),                 # wrong magic: EINVAL (root) / EPERM unfiltered
                "kexec_load": sc(246, 0, 0xFFFFFFFF, 0, 0xFFFFFFFF),  # absurd segment count and flags: EINVAL
                "bpf": sc(321, 0xFFFF, 0, 0),                  # invalid command
                "io_uring_setup": sc(425, 0, 0),               # NULL params
                "mount": sc(165, 0, 0, 0, 0, 0),               # NULL target
                "ptrace": sc(101, 0xFFFF, 0, 0, 0),            # invalid request
                "ioctl_tiocsti": sc(16, 0, 0x5412, addr),
                "ioctl_tiocsti_high_bits": sc(16, 0, 0xFFFFFFFF00005412, addr),
                "ioctl_tioclinux": sc(16, 0, 0x541C, addr),
                "ioctl_fionread": sc(16, 0, 0x541B, ctypes.addressof(n)),
                "clone_newuser": sc(56, 0x10000000 | 0x200, 0, 0, 0, 0),  # CLONE_NEWUSER|CLONE_FS: EINVAL unfiltered
                "clone3": sc(435, 0, 0),                       # NULL args: EINVAL unfiltered, ENOSYS filtered
                "fork": fork_works(),
                "thread": thread_works(),
                "unshare_newuser": sc(272, 0x10000000),
            }
            print(json.dumps(res), flush=True)
        """;
}
