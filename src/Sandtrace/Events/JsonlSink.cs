using System.Buffers;
using System.Text.Json;
using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>
/// Writes one JSON object per line (the format of run-command.md, schema in schema/events.schema.json). Events are
/// serialised with a reused Utf8JsonWriter into one of two reused buffers; a full one (256 KiB) goes to the file on
/// the writer thread (<see cref="BlockWriter"/>) while the tracer fills the other. Nothing is allocated per syscall.
/// The file never receives the program's own output.
/// </summary>
internal sealed class JsonlSink : EventSink, IDisposable
{
    const int FlushThreshold = 256 * 1024;
    readonly Stream _out;
    readonly BlockWriter _writer;
    // Starts small and grows to a little over the threshold once (a run that writes little never touches 320 KiB).
    ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    readonly Utf8JsonWriter _w;
    byte[] _escape = new byte[256];
    readonly byte[] _timestamp = new byte[Rfc3339.Length];

    public JsonlSink(Stream output)
    {
        _out = output;
        _writer = new BlockWriter(output);
        _w = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance, SkipValidation = true });
    }

    public override void OnSyscall(in SyscallEvent e, DecodedArgs decoded)
    {
        Begin("syscall", e.TimestampTicks);
        _w.WriteNumber("pid"u8, e.Pid);
        _w.WriteString("syscall"u8, e.Name);
        _w.WriteNumber("syscall_nr"u8, e.Nr);
        if (e.Arch != Native.Ptrace.AUDIT_ARCH_X86_64) _w.WriteString("arch"u8, e.Arch == Native.Ptrace.AUDIT_ARCH_I386 ? "i386" : "0x" + e.Arch.ToString("x"));
        _w.WriteStartObject("args"u8);
        _w.WriteStartArray("raw"u8);
        for (int i = 0; i < 6; i++) _w.WriteNumberValue(e.Args[i]);
        _w.WriteEndArray();
        if (decoded.Count > 0)
        {
            _w.WriteStartObject("decoded"u8);
            for (int i = 0; i < decoded.Count; i++) WriteDecoded(decoded, in decoded[i]);
            _w.WriteEndObject();
        }
        _w.WriteEndObject();
        if (e.Returned)
        {
            _w.WriteNumber("return_value"u8, e.IsError ? -1 : e.ReturnValue);
            _w.WriteBoolean("success"u8, !e.IsError);
            if (e.IsError) _w.WriteString("errno"u8, ErrnoNames.Get(e.Errno));
        }
        else
        {
            _w.WriteNull("return_value"u8);
            _w.WriteNull("success"u8);
        }
        _w.WriteNumber("duration_us"u8, e.DurationUs);
        _w.WriteString("action"u8, e.Action switch { SyscallAction.Deny => "deny", SyscallAction.LogOnly => "log_only", _ => "allow" });
        _w.WriteString("category"u8, e.Category.JsonName());
        if (e.Action == SyscallAction.Deny)
        {
            _w.WriteString("layer"u8, e.DenyLayer);
            _w.WriteString("rule"u8, e.DenyRule);
        }
        End();
    }

    void WriteDecoded(DecodedArgs d, in DecodedArgs.Entry entry)
    {
        switch (entry.Kind)
        {
            case ArgKind.Number:
                _w.WriteNumber(entry.Name, entry.Number);
                break;
            case ArgKind.StringList:
                _w.WriteStartArray(entry.Name);
                foreach (ref readonly var item in d.ItemsOf(in entry)) _w.WriteStringValue(SafeUtf8.Sanitize(d.TextOf(in item), ref _escape));
                _w.WriteEndArray();
                if (entry.Truncated) _w.WriteBoolean(entry.Name + "_truncated", true);
                break;
            default:
                _w.WriteString(entry.Name, SafeUtf8.Sanitize(d.TextOf(in entry), ref _escape));
                if (entry.Truncated) _w.WriteBoolean(entry.Name + "_truncated", true);
                break;
        }
    }

    public override void OnProcess(ProcessEvent e)
    {
        Begin("process", e.TimestampTicks);
        _w.WriteString("action"u8, e.Action switch
        {
            ProcessAction.Exec => "exec", ProcessAction.Fork => "fork", ProcessAction.Vfork => "vfork",
            ProcessAction.Clone => "clone", ProcessAction.Exited => "exited", _ => "signaled",
        });
        _w.WriteNumber("pid"u8, e.Pid);
        if (e.ChildPid is int child) _w.WriteNumber("child_pid"u8, child);
        if (e.Thread) _w.WriteBoolean("thread"u8, true);
        if (e.Comm != null) _w.WriteString("comm"u8, e.Comm);
        if (e.Path != null) _w.WriteString("path"u8, e.Path);
        if (e.Argv != null)
        {
            _w.WriteStartArray("argv"u8);
            foreach (var a in e.Argv) _w.WriteStringValue(a);
            _w.WriteEndArray();
        }
        if (e.ExitCode is int code) _w.WriteNumber("exit_code"u8, code);
        if (e.Signal != null) _w.WriteString("signal"u8, e.Signal);
        if (e.CoreDumped) _w.WriteBoolean("core_dumped"u8, true);
        End();
    }

    public override void OnSignal(in SignalEvent e)
    {
        Begin("signal", e.TimestampTicks);
        _w.WriteNumber("pid"u8, e.Pid);
        _w.WriteString("signal"u8, SignalNames.Get(e.Signal));
        _w.WriteNumber("signal_nr"u8, e.Signal);
        End();
    }

    public override void OnSummary(Summary s)
    {
        Begin("summary", s.TimestampTicks);
        _w.WriteNumber("total_syscalls"u8, s.TotalSyscalls);
        _w.WriteNumber("unique_syscalls"u8, s.UniqueSyscalls);
        _w.WriteNumber("duration_ms"u8, s.DurationMs);
        _w.WriteNumber("exit_code"u8, s.ExitCode);
        _w.WriteNumber("process_count"u8, s.ProcessCount);
        _w.WriteNumber("thread_count"u8, s.ThreadCount);
        _w.WriteNumber("denied_count"u8, s.DeniedCount);
        _w.WriteNumber("failed_syscalls"u8, s.FailedSyscalls);
        _w.WriteNumber("files_touched"u8, s.FilesTouched);
        _w.WriteStartArray("files_written"u8);
        foreach (var f in s.FilesWritten) _w.WriteStringValue(f);
        _w.WriteEndArray();
        _w.WriteStartArray("network_attempts"u8);
        foreach (var n in s.NetworkAttempts)
        {
            _w.WriteStartObject();
            _w.WriteString("syscall"u8, n.Syscall);
            _w.WriteString("family"u8, n.Family);
            _w.WriteString("address"u8, n.Address);
            _w.WriteString("result"u8, n.Result);
            _w.WriteEndObject();
        }
        _w.WriteEndArray();
        _w.WriteStartArray("denials"u8);
        foreach (var d in s.Denials)
        {
            _w.WriteStartObject();
            _w.WriteString("syscall"u8, d.Syscall);
            _w.WriteString("layer"u8, d.Layer);
            _w.WriteString("rule"u8, d.Rule);
            _w.WriteEndObject();
        }
        _w.WriteEndArray();
        _w.WriteStartObject("syscall_counts"u8);
        foreach (var kv in s.SyscallCounts) _w.WriteNumber(kv.Key, kv.Value);
        _w.WriteEndObject();
        if (s.Interrupted != null) _w.WriteString("interrupted"u8, s.Interrupted);
        if (s.Truncated) _w.WriteBoolean("lists_truncated"u8, true);
        End();
        Flush();
    }

    void Begin(string type, long ticks)
    {
        _w.Reset(_buffer);
        _w.WriteStartObject();
        _w.WriteString("event_type"u8, type);
        Rfc3339.Format(ticks, _timestamp);
        _w.WriteString("timestamp"u8, _timestamp);
    }

    void End()
    {
        _w.WriteEndObject();
        _w.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= FlushThreshold) _buffer = _writer.Hand(_buffer);
    }

    /// <summary>Every event so far reaches the file (waits for the writer thread).</summary>
    public override void Flush() => _writer.Flush(_buffer);

    public void Dispose()
    {
        try { Flush(); }
        finally
        {
            _writer.Dispose();
            _w.Dispose();
            _out.Dispose();
        }
    }
}
