using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>A consumer of trace events (JSONL file, console, summary). Called on the tracer thread, in order.</summary>
internal interface IEventSink
{
    void OnSyscall(in SyscallEvent e, DecodedArgs decoded);
    void OnProcess(ProcessEvent e);
    void OnSignal(in SignalEvent e);
    void OnSummary(Summary s);
    void Flush();
}
