using System.Text;
using Sandtrace.Events;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>How a failed path call is explained: a name missing on the host as well is genuine (no denial, and no
/// allocation: a build makes thousands), unless the call creates it in a directory the sandbox hides ("mount"); a file
/// that exists on the host but not inside is a "mount" denial. Paths are cleaned as Path.GetFullPath would, relative ones
/// taken from the caller's working directory (/proc/PID/cwd; here the test process's own).</summary>
public sealed class DenialClassifierTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("sandtrace-classifier-").FullName;
    readonly string _visible, _hidden;
    readonly DenialClassifier _classifier;
    readonly DecodedArgs _args = new();

    public DenialClassifierTests()
    {
        _visible = Directory.CreateDirectory(Path.Combine(_root, "visible")).FullName;
        _hidden = Directory.CreateDirectory(Path.Combine(_root, "hidden")).FullName;
        File.WriteAllText(Path.Combine(_hidden, "present"), "x");
        var view = new FilesystemView([], [], [], [_visible], [], []);
        _classifier = new DenialClassifier(new Enforcement(view, new DenyRules([]), null, true, true, new HashSet<string>()));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    (string Layer, string Rule)? Classify(string path, int nr = 262, string name = "newfstatat", long flags = 0,
        string arg = "path", int errno = 2)
    {
        _args.Reset();
        _args.AddSymbol("dirfd", "AT_FDCWD");
        _args.AddString(arg, Encoding.UTF8.GetBytes(path));
        var e = Failed(errno, nr, name);
        e.Args[2] = flags;
        return _classifier.Classify(in e, _args, Environment.ProcessId);
    }

    (string Layer, string Rule)? CreateAt(string path) => Classify(path, nr: 257, name: "openat", flags: 0x40 /* O_CREAT */);

    static SyscallEvent Failed(int errno, int nr = 262, string name = "newfstatat") => new()
    {
        Arch = Ptrace.AUDIT_ARCH_X86_64, Nr = nr, Name = name, Returned = true, IsError = true,
        ReturnValue = -errno, Category = nr == 262 ? SyscallCategory.FileMetadata : SyscallCategory.FileWrite,
    };

    string Relative(string absolute) => Path.GetRelativePath(Environment.CurrentDirectory, absolute);

    [Fact]
    public void A_path_missing_on_the_host_too_is_no_denial()
    {
        Assert.Null(Classify(Path.Combine(_visible, "missing")));
        Assert.Null(Classify(_visible + "/../visible/./missing"));
        Assert.Null(Classify(Relative(_visible) + "/missing"));
        Assert.Null(Classify(""));
    }

    [Fact]
    public void A_probe_of_a_name_missing_on_the_host_too_is_no_denial_even_in_a_hidden_directory()
    {
        // PATH and include searches through hidden directories ($HOME/.cargo/bin/cc): the sandbox changed nothing.
        Assert.Null(Classify(Path.Combine(_hidden, "missing")));
        Assert.Null(Classify(Relative(_hidden) + "/missing"));
        Assert.Null(Classify(Path.Combine(_hidden, "missing"), nr: 257, name: "openat"));            // no O_CREAT
        Assert.Null(Classify(Path.Combine(_hidden, "missing"), nr: 82, name: "rename", arg: "oldpath"));
    }

    [Fact]
    public void A_creation_in_a_hidden_directory_is_a_mount_denial_named_by_its_clean_path()
    {
        string want = Path.Combine(_hidden, "missing");
        var r = CreateAt(_visible + "/../hidden//./missing");
        Assert.Equal(("mount", $"{want} is not visible in the sandbox (not in allow_read/allow_write)"), r);
        Assert.Equal(r, CreateAt(Relative(_hidden) + "/missing"));
        Assert.Equal(r, Classify(want, nr: 83, name: "mkdir"));
        Assert.Equal(r, Classify(want, nr: 82, name: "rename", arg: "newpath"));
        Assert.Null(CreateAt(Path.Combine(_visible, "missing")));     // a visible directory: genuine
    }

    [Fact]
    public void A_file_that_exists_on_the_host_but_not_inside_is_a_mount_denial()
    {
        var r = Classify(Path.Combine(_hidden, "present"));
        Assert.Equal("mount", r?.Layer);
        Assert.Contains(Path.Combine(_hidden, "present"), r?.Rule);
    }

    [Fact]
    public void Genuine_failures_allocate_nothing()
    {
        string absolute = _visible + "/../visible/./missing", relative = Relative(_visible) + "/missing",
            hidden = Path.Combine(_hidden, "missing");
        var paths = new[] { Encoding.UTF8.GetBytes(absolute), Encoding.UTF8.GetBytes(relative), Encoding.UTF8.GetBytes(hidden) };
        var e = Failed(2);
        void Run(int times)
        {
            for (int i = 0; i < times; i++)
            {
                _args.Reset();
                _args.AddString("path", paths[i % 3]);
                Assert.Null(_classifier.Classify(in e, _args, Environment.ProcessId));
            }
        }
        Run(10);                                                   // first calls fill the directory cache
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"{allocated} bytes for 2000 genuine failures");
    }
}
