using System.Text;
using Sandtrace.Events;
using Sandtrace.Native;
using Sandtrace.Sandbox;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>How a failed path call is explained: missing on the host as well (genuine, no denial, and no allocation:
/// a build makes thousands), or in a directory the sandbox hides ("mount"), with the path cleaned as Path.GetFullPath
/// would and relative paths taken from the caller's working directory (/proc/PID/cwd; here the test process's own).</summary>
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

    (string Layer, string Rule)? Classify(string path, int errno = 2)
    {
        _args.Reset();
        _args.AddSymbol("dirfd", "AT_FDCWD");
        _args.AddString("path", Encoding.UTF8.GetBytes(path));
        var e = Failed(errno);
        return _classifier.Classify(in e, _args, Environment.ProcessId);
    }

    static SyscallEvent Failed(int errno) => new()
    {
        Arch = Ptrace.AUDIT_ARCH_X86_64, Nr = 262, Name = "newfstatat", Returned = true, IsError = true,
        ReturnValue = -errno, Category = SyscallCategory.FileMetadata,
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
    public void A_path_in_a_hidden_directory_is_a_mount_denial_named_by_its_clean_path()
    {
        string want = Path.Combine(_hidden, "missing");
        var r = Classify(_visible + "/../hidden//./missing");
        Assert.Equal(("mount", $"{want} is not visible in the sandbox (not in allow_read/allow_write)"), r);
        Assert.Equal(r, Classify(Relative(_hidden) + "/missing"));
        // It exists on the host: the same answer by the other route (realpath of the file).
        Assert.Equal("mount", Classify(Path.Combine(_hidden, "present"))?.Layer);
    }

    [Fact]
    public void Genuine_failures_allocate_nothing()
    {
        string absolute = _visible + "/../visible/./missing", relative = Relative(_visible) + "/missing";
        var paths = new[] { Encoding.UTF8.GetBytes(absolute), Encoding.UTF8.GetBytes(relative) };
        var e = Failed(2);
        void Run(int times)
        {
            for (int i = 0; i < times; i++)
            {
                _args.Reset();
                _args.AddString("path", paths[i % 2]);
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
