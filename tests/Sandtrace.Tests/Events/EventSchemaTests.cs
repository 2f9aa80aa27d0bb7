using System.Text;
using System.Text.Json.Nodes;
using Sandtrace.Events;
using Sandtrace.Native;
using Sandtrace.Tests.Support;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Events;

/// <summary>schema/events.schema.json describes exactly what <see cref="JsonlSink"/> writes: hand-written examples
/// of every event validate, mutated ones are rejected, and real sink output validates.</summary>
public sealed class EventSchemaTests : IDisposable
{
    const string Syscall =
        """{"event_type":"syscall","timestamp":"2025-01-01T12:00:00.123456Z","pid":1234,"syscall":"openat","syscall_nr":257,"args":{"raw":[-100,140234567,524288,0,0,0],"decoded":{"dirfd":"AT_FDCWD","pathname":"/etc/ld.so.cache","flags":"O_RDONLY|O_CLOEXEC","mode":0}},"return_value":3,"success":true,"duration_us":42,"action":"allow","category":"file_read"}""";
    const string SyscallError =
        """{"event_type":"syscall","timestamp":"2025-01-01T12:00:00.000001Z","pid":1234,"syscall":"openat","syscall_nr":257,"args":{"raw":[-100,1,0,0,0,0],"decoded":{"pathname":"/nope","pathname_truncated":true}},"return_value":-1,"success":false,"errno":"ENOENT","duration_us":7,"action":"deny","category":"file_read","layer":"mount","rule":"/nope is not visible (not in allow_read)"}""";
    const string SyscallNoReturn =
        """{"event_type":"syscall","timestamp":"2025-01-01T12:00:01.000000Z","pid":1234,"syscall":"exit_group","syscall_nr":252,"arch":"i386","args":{"raw":[0,0,0,0,0,0]},"return_value":null,"success":null,"duration_us":0,"action":"log_only","category":"process"}""";
    const string SyscallExecve =
        """{"event_type":"syscall","timestamp":"2025-01-01T12:00:00.500000Z","pid":1234,"syscall":"execve","syscall_nr":59,"args":{"raw":[1,2,3,0,0,0],"decoded":{"filename":"/bin/ls","argv":["ls","-l"],"argv_truncated":true}},"return_value":0,"success":true,"duration_us":300,"action":"allow","category":"process"}""";
    const string ProcessExec =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.600000Z","action":"exec","pid":1234,"comm":"ls","path":"/bin/ls","argv":["ls","-l"]}""";
    const string ProcessExecVanished =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.600000Z","action":"exec","pid":1234}""";
    const string ProcessFork =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.700000Z","action":"fork","pid":1234,"child_pid":1235}""";
    const string ProcessCloneThread =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.700000Z","action":"clone","pid":1234,"child_pid":1236,"thread":true}""";
    const string ProcessExited =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.800000Z","action":"exited","pid":1235,"exit_code":0}""";
    const string ProcessSignaled =
        """{"event_type":"process","timestamp":"2025-01-01T12:00:00.800000Z","action":"signaled","pid":1235,"thread":true,"signal":"SIGSEGV","core_dumped":true}""";
    const string Signal =
        """{"event_type":"signal","timestamp":"2025-01-01T12:00:00.900000Z","pid":1234,"signal":"SIGCHLD","signal_nr":17}""";
    const string SignalRealtime =
        """{"event_type":"signal","timestamp":"2025-01-01T12:00:00.900000Z","pid":1234,"signal":"SIGRTMIN+1","signal_nr":35}""";
    const string Summary =
        """{"event_type":"summary","timestamp":"2025-01-01T12:00:02.000000Z","total_syscalls":4521,"unique_syscalls":2,"duration_ms":1200,"exit_code":0,"process_count":2,"thread_count":1,"denied_count":1,"failed_syscalls":3,"files_touched":10,"files_written":["/tmp/out"],"network_attempts":[{"syscall":"connect","family":"AF_INET","address":"93.184.216.34:443","result":"EACCES"}],"denials":[{"syscall":"openat","layer":"landlock","rule":"/home/u/.ssh/id_rsa is not in allow_read"}],"syscall_counts":{"read":4000,"openat":521},"interrupted":"timeout","lists_truncated":true}""";
    const string SummaryMinimal =
        """{"event_type":"summary","timestamp":"2025-01-01T12:00:02.000000Z","total_syscalls":0,"unique_syscalls":0,"duration_ms":0,"exit_code":127,"process_count":0,"thread_count":0,"denied_count":0,"failed_syscalls":0,"files_touched":0,"files_written":[],"network_attempts":[],"denials":[],"syscall_counts":{}}""";

    static readonly long T0 = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc).Ticks;

    readonly string _dir = Directory.CreateTempSubdirectory("sandtrace-schema-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // ---- (a) hand-written examples ----

    [Theory]
    [InlineData(Syscall)]
    [InlineData(SyscallError)]
    [InlineData(SyscallNoReturn)]
    [InlineData(SyscallExecve)]
    [InlineData(ProcessExec)]
    [InlineData(ProcessExecVanished)]
    [InlineData(ProcessFork)]
    [InlineData(ProcessCloneThread)]
    [InlineData(ProcessExited)]
    [InlineData(ProcessSignaled)]
    [InlineData(Signal)]
    [InlineData(SignalRealtime)]
    [InlineData(Summary)]
    [InlineData(SummaryMinimal)]
    public void ValidExampleValidates(string line) => Assert.Empty(EventSchema.ValidateLine(line));

    [Fact]
    public void ValidFileValidates()
    {
        string path = WriteFile(Syscall, SyscallError, ProcessFork, ProcessExited, Signal, Summary);
        Assert.Empty(EventSchema.Validate(path));
    }

    // ---- (b) mutated examples ----

    /// <summary>Named mutations of a valid example; each must make it invalid.</summary>
    static readonly Dictionary<string, (string Valid, Action<JsonObject> Mutate)> Mutations = new()
    {
        // The cases named by the format.
        ["missing return_value"] = (Syscall, o => o.Remove("return_value")),
        ["raw with 5 items"] = (Syscall, o => ((JsonArray)o["args"]!["raw"]!).RemoveAt(5)),
        ["category files"] = (Syscall, o => o["category"] = "files"),
        ["unknown top-level field"] = (Syscall, o => o["extra"] = 1),
        ["timestamp without Z"] = (Syscall, o => o["timestamp"] = "2025-01-01T12:00:00.123456"),
        ["fork without child_pid"] = (ProcessFork, o => o.Remove("child_pid")),
        // Syscall details.
        ["raw with 7 items"] = (Syscall, o => ((JsonArray)o["args"]!["raw"]!).Add(0)),
        ["raw item a string"] = (Syscall, o => o["args"]!["raw"]![0] = "0"),
        ["unknown field in args"] = (Syscall, o => o["args"]!["extra"] = 1),
        ["empty decoded"] = (SyscallNoReturn, o => o["args"]!["decoded"] = new JsonObject()),
        ["decoded value an object"] = (Syscall, o => o["args"]!["decoded"]!["mode"] = new JsonObject()),
        ["decoded value a number list"] = (Syscall, o => o["args"]!["decoded"]!["mode"] = new JsonArray(1, 2)),
        ["decoded value a boolean"] = (Syscall, o => o["args"]!["decoded"]!["mode"] = true),
        ["decoded value a float"] = (Syscall, o => o["args"]!["decoded"]!["mode"] = 1.5),
        ["decoded truncated false"] = (SyscallError, o => o["args"]!["decoded"]!["pathname_truncated"] = false),
        ["empty syscall name"] = (Syscall, o => o["syscall"] = ""),
        ["pid 0"] = (Syscall, o => o["pid"] = 0),
        ["negative duration"] = (Syscall, o => o["duration_us"] = -1),
        ["unknown action"] = (Syscall, o => o["action"] = "kill"),
        ["timestamp without microseconds"] = (Syscall, o => o["timestamp"] = "2025-01-01T12:00:00Z"),
        ["timestamp with an offset"] = (Syscall, o => o["timestamp"] = "2025-01-01T12:00:00.123456+00:00"),
        ["x86_64 arch written"] = (Syscall, o => o["arch"] = "x86_64"),
        ["success with errno"] = (Syscall, o => o["errno"] = "ENOENT"),
        ["failure without errno"] = (SyscallError, o => o.Remove("errno")),
        ["failure returning -2"] = (SyscallError, o => o["return_value"] = -2),
        ["errno not a name"] = (SyscallError, o => o["errno"] = "2"),
        ["success null but a return value"] = (SyscallNoReturn, o => o["return_value"] = 0),
        ["return value a string"] = (Syscall, o => o["return_value"] = "3"),
        // Process events.
        ["unknown process action"] = (ProcessFork, o => o["action"] = "spawn"),
        ["exec with child_pid"] = (ProcessExec, o => o["child_pid"] = 5),
        ["exec argv not strings"] = (ProcessExec, o => o["argv"] = new JsonArray(1)),
        ["exited without exit_code"] = (ProcessExited, o => o.Remove("exit_code")),
        ["exit_code 256"] = (ProcessExited, o => o["exit_code"] = 256),
        ["exited with a signal"] = (ProcessExited, o => o["signal"] = "SIGKILL"),
        ["signaled without signal"] = (ProcessSignaled, o => o.Remove("signal")),
        ["signal without SIG"] = (ProcessSignaled, o => o["signal"] = "KILL"),
        ["thread false"] = (ProcessCloneThread, o => o["thread"] = false),
        ["process with syscall fields"] = (ProcessFork, o => o["syscall"] = "fork"),
        // Signal events.
        ["signal without signal_nr"] = (Signal, o => o.Remove("signal_nr")),
        ["signal name a number"] = (Signal, o => o["signal"] = "17"),
        // Summary.
        ["summary without syscall_counts"] = (Summary, o => o.Remove("syscall_counts")),
        ["summary without files_written"] = (SummaryMinimal, o => o.Remove("files_written")),
        ["syscall count 0"] = (Summary, o => o["syscall_counts"]!["read"] = 0),
        ["network attempt without result"] = (Summary, o => ((JsonObject)o["network_attempts"]![0]!).Remove("result")),
        ["network attempt with an extra field"] = (Summary, o => o["network_attempts"]![0]!["port"] = 443),
        ["files_written not strings"] = (Summary, o => o["files_written"] = new JsonArray(1)),
        ["lists_truncated false"] = (Summary, o => o["lists_truncated"] = false),
        ["summary with an extra field"] = (SummaryMinimal, o => o["pid"] = 1),
        // Event type.
        ["unknown event_type"] = (Signal, o => o["event_type"] = "warning"),
        ["missing event_type"] = (Signal, o => o.Remove("event_type")),
    };

    public static TheoryData<string> MutationNames => new(Mutations.Keys);

    [Theory]
    [MemberData(nameof(MutationNames))]
    public void MutatedExampleIsRejected(string name)
    {
        var (valid, mutate) = Mutations[name];
        Assert.Empty(EventSchema.ValidateLine(valid));
        var obj = JsonNode.Parse(valid)!.AsObject();
        mutate(obj);
        string line = obj.ToJsonString();
        Assert.True(EventSchema.ValidateLine(line).Count > 0, $"{name}: accepted {line}");
    }

    [Theory]
    [InlineData("""{"event_type":"signal","event_type":"signal","timestamp":"2025-01-01T12:00:00.900000Z","pid":1,"signal":"SIGCHLD","signal_nr":17}""")]
    [InlineData("""{'event_type':'signal','timestamp':'2025-01-01T12:00:00.900000Z','pid':1,'signal':'SIGCHLD','signal_nr':17}""")]
    [InlineData("""{"event_type":"signal","timestamp":"2025-01-01T12:00:00.900000Z","pid":1,"signal":"SIGCHLD","signal_nr":17} {}""")]
    [InlineData("[]")]
    [InlineData("")]
    public void MalformedLineIsRejected(string line) => Assert.NotEmpty(EventSchema.ValidateLine(line));

    [Fact]
    public void EmptyFileIsRejected()
    {
        string path = WriteFile();
        Assert.Equal(["file is empty"], EventSchema.Validate(path));
    }

    [Fact]
    public void FileWithoutSummaryAtTheEndIsRejected()
    {
        string path = WriteFile(Syscall, Summary, Signal);
        var problems = EventSchema.Validate(path);
        Assert.Equal(["line 3: the last line is not a summary event"], problems);
    }

    [Fact]
    public void InvalidLinesAreReportedByNumber()
    {
        string path = WriteFile(Syscall, """{"event_type":"syscall"}""", Signal, "not json", Summary);
        var problems = EventSchema.Validate(path);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("line 2: ", problems[0]);
        Assert.StartsWith("line 4: ", problems[1]);
    }

    [Fact]
    public void ErrorMessagesNameTheOffendingField()
    {
        var obj = JsonNode.Parse(Syscall)!.AsObject();
        obj["category"] = "files";
        var errors = EventSchema.ValidateLine(obj.ToJsonString());
        Assert.Contains(errors, e => e.Contains("#/category", StringComparison.Ordinal));
    }

    // ---- (c) the real writer ----

    [Fact]
    public void JsonlSinkOutputValidates()
    {
        string path = Path.Combine(_dir, "trace.jsonl");
        using (var sink = new JsonlSink(File.Create(path)))
        {
            var d = new DecodedArgs();
            long t = T0;

            // openat with every kind of decoded value: symbols, a string, a truncated string, a number.
            d.Reset();
            d.AddSymbol("dirfd", "AT_FDCWD");
            d.AddString("pathname", "/etc/ld.so.cache"u8);
            d.AddSymbol("flags", "O_RDONLY|O_CLOEXEC"u8);
            d.AddNumber("mode", 0);
            sink.OnSyscall(Call(t += 10, 1234, 257, "openat", [-100, 0x7fff_0000_1000, 0x80000, 0, 0, 0], ret: 3), d);

            // read: a truncated string holding invalid UTF-8, a negative number, a huge raw register.
            d.Reset();
            d.AddNumber("fd", -1);
            d.AddString("buf", [0x61, 0xff, 0xfe, 0x62], truncated: true);
            d.AddNumber("count", long.MaxValue);
            sink.OnSyscall(Call(t += 10, 1234, 0, "read", [3, -1, long.MinValue, long.MaxValue, 0, 0], ret: 4), d);

            // execve with a string list (argv), cut short, and an empty list (envp).
            d.Reset();
            d.AddString("filename", "/bin/ls"u8);
            d.BeginList("argv");
            foreach (var arg in new[] { "ls", "-l", "/tmp/ünïcode" })
            {
                int n = Encoding.UTF8.GetBytes(arg, d.StringSpace());
                Assert.True(d.CommitItem(n, truncated: false));
            }
            d.MarkListTruncated();
            d.BeginList("envp");
            sink.OnSyscall(Call(t += 10, 1234, 59, "execve", [0x1000, 0x2000, 0x3000, 0, 0, 0], ret: 0, category: SyscallCategory.Process), d);

            // A string committed in place through StringSpace.
            d.Reset();
            int len = Encoding.UTF8.GetBytes("/tmp/x", d.StringSpace());
            d.CommitString("pathname", len, truncated: false);
            d.AddSymbol("mode", "0644");
            sink.OnSyscall(Call(t += 10, 1234, 83, "mkdir", [0x1000, 420, 0, 0, 0, 0], ret: 0, category: SyscallCategory.Directory), d);

            // Error returns: a known errno, a kernel-internal one, and an unknown number; a denied call.
            d.Reset();
            d.AddSymbol("dirfd", "AT_FDCWD");
            d.AddString("pathname", "/nonexistent"u8);
            sink.OnSyscall(Call(t += 10, 1234, 257, "openat", [-100, 0x1000, 0, 0, 0, 0], ret: -2), d);
            d.Reset();
            sink.OnSyscall(Call(t += 10, 1234, 61, "wait4", [-1, 0, 0, 0, 0, 0], ret: -512, category: SyscallCategory.Process), d);
            sink.OnSyscall(Call(t += 10, 1234, 999, "syscall_999", [0, 0, 0, 0, 0, 0], ret: -4000, category: SyscallCategory.Other), d);
            sink.OnSyscall(Call(t += 10, 1234, 42, "connect", [3, 0x1000, 16, 0, 0, 0], ret: -13,
                category: SyscallCategory.Network, action: SyscallAction.Deny), d);
            sink.OnSyscall(Call(t += 10, 1234, 165, "mount", [0, 0, 0, 0, 0, 0], ret: 0,
                category: SyscallCategory.System, action: SyscallAction.LogOnly), d);

            // Other ABIs: i386 and an unknown one.
            sink.OnSyscall(Call(t += 10, 1235, 5, "open", [0, 0, 0, 0, 0, 0], ret: 3, arch: Ptrace.AUDIT_ARCH_I386), d);
            sink.OnSyscall(Call(t += 10, 1235, 5, "syscall_5", [0, 0, 0, 0, 0, 0], ret: 3, arch: 0x4000003E), d);

            // A call that never returned.
            d.Reset();
            d.AddNumber("status", 0);
            var exit = Call(t += 10, 1234, 231, "exit_group", [0, 0, 0, 0, 0, 0], ret: 0, category: SyscallCategory.Process);
            exit.Returned = false;
            exit.DurationUs = 0;
            sink.OnSyscall(exit, d);

            // Process events of every action.
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Exec, TimestampTicks = t += 10, Pid = 1234, Comm = "ls", Path = "/bin/ls", Argv = ["ls", "-l"] });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Exec, TimestampTicks = t += 10, Pid = 1237 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Fork, TimestampTicks = t += 10, Pid = 1234, ChildPid = 1235 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Vfork, TimestampTicks = t += 10, Pid = 1234, ChildPid = 1236 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Clone, TimestampTicks = t += 10, Pid = 1234, ChildPid = 1237 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Clone, TimestampTicks = t += 10, Pid = 1234, ChildPid = 1238, Thread = true });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Exited, TimestampTicks = t += 10, Pid = 1238, Thread = true, ExitCode = 0 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Exited, TimestampTicks = t += 10, Pid = 1235, ExitCode = 255 });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Signaled, TimestampTicks = t += 10, Pid = 1236, Signal = SignalNames.Get(11), CoreDumped = true });
            sink.OnProcess(new ProcessEvent { Action = ProcessAction.Signaled, TimestampTicks = t += 10, Pid = 1237, Signal = SignalNames.Get(9) });

            // Signals: standard, real-time around glibc's SIGRTMIN, and an unknown number.
            foreach (int sig in new[] { 17, 32, 33, 34, 35, 64, 100 })
                sink.OnSignal(new SignalEvent(t += 10, 1234, sig));

            sink.OnSummary(new Summary
            {
                TimestampTicks = t += 10,
                TotalSyscalls = 13,
                UniqueSyscalls = 2,
                DurationMs = 5,
                ExitCode = 139,
                ProcessCount = 4,
                ThreadCount = 1,
                DeniedCount = 1,
                FailedSyscalls = 4,
                FilesTouched = 3,
                FilesWritten = ["/tmp/x", "/tmp/ünïcode \"quoted\""],
                NetworkAttempts = [new NetworkAttempt("connect", "AF_INET", "93.184.216.34:443", "EACCES")],
                Denials = [new Denial("openat", "landlock", "/home/u/.ssh/id_rsa is not in allow_read")],
                SyscallCounts = [new("openat", 10), new("read", 3)],
                Interrupted = "SIGINT",
                Truncated = true,
            });
        }

        Assert.Empty(EventSchema.Validate(path));
        string text = File.ReadAllText(path);
        Assert.Contains("\"errno\":\"ENOENT\"", text, StringComparison.Ordinal);
        Assert.Contains("\"errno\":\"E4000\"", text, StringComparison.Ordinal);
        Assert.Contains("\"argv_truncated\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"buf_truncated\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"signal\":\"SIGRTMIN+1\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonlSinkMinimalSummaryValidates()
    {
        string path = Path.Combine(_dir, "minimal.jsonl");
        using (var sink = new JsonlSink(File.Create(path)))
        {
            sink.OnSummary(new Summary
            {
                TimestampTicks = T0,
                TotalSyscalls = 0,
                UniqueSyscalls = 0,
                DurationMs = 0,
                ExitCode = 0,
                ProcessCount = 0,
                ThreadCount = 0,
                DeniedCount = 0,
                FailedSyscalls = 0,
                FilesTouched = 0,
                FilesWritten = [],
                NetworkAttempts = [],
                Denials = [],
                SyscallCounts = [],
                Truncated = false,
            });
        }
        Assert.Empty(EventSchema.Validate(path));
    }

    /// <summary>Enough events to pass the sink's 256 KiB flush threshold several times: lines must never be split
    /// or merged at block boundaries.</summary>
    [Fact]
    public void JsonlSinkOutputAcrossFlushesValidates()
    {
        string path = Path.Combine(_dir, "big.jsonl");
        int events = 0;
        using (var sink = new JsonlSink(File.Create(path)))
        {
            var d = new DecodedArgs();
            for (int i = 0; i < 5000; i++)
            {
                d.Reset();
                d.AddNumber("fd", i);
                d.AddString("pathname", Encoding.UTF8.GetBytes($"/tmp/file-{i}"), truncated: i % 7 == 0);
                sink.OnSyscall(Call(T0 + i * 10L, 1000 + i % 5, 257, "openat", [i, 0, 0, 0, 0, 0], ret: i % 3 == 0 ? -2 : 3), d);
                events++;
            }
            sink.OnSummary(new Summary
            {
                TimestampTicks = T0 + 100_000,
                TotalSyscalls = events,
                UniqueSyscalls = 1,
                DurationMs = 10,
                ExitCode = 0,
                ProcessCount = 1,
                ThreadCount = 0,
                DeniedCount = 0,
                FailedSyscalls = 0,
                FilesTouched = 0,
                FilesWritten = [],
                NetworkAttempts = [],
                Denials = [],
                SyscallCounts = [new("openat", events)],
                Truncated = false,
            });
        }
        Assert.True(new FileInfo(path).Length > 3 * 256 * 1024);
        Assert.Empty(EventSchema.Validate(path));
        Assert.Equal(events + 1, File.ReadAllLines(path).Length);
    }

    static SyscallEvent Call(long ticks, int pid, long nr, string name, long[] args, long ret,
        SyscallCategory category = SyscallCategory.FileRead, SyscallAction action = SyscallAction.Allow,
        uint arch = Ptrace.AUDIT_ARCH_X86_64)
    {
        var e = new SyscallEvent
        {
            TimestampTicks = ticks,
            Pid = pid,
            Arch = arch,
            Nr = nr,
            Name = name,
            Returned = true,
            ReturnValue = ret,
            IsError = ret is < 0 and >= -4095,
            DurationUs = 17,
            Action = action,
            Category = category,
            DenyLayer = action == SyscallAction.Deny ? "landlock" : null,
            DenyRule = action == SyscallAction.Deny ? "TCP port not allowed" : null,
        };
        for (int i = 0; i < 6; i++) e.Args[i] = args[i];
        return e;
    }

    string WriteFile(params string[] lines)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }
}
