using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>A consumer of trace events (JSONL file, console, summary). Called on the tracer thread, in order.
/// A base class, not an interface: NativeAOT resolves each interface call site at its first call per receiver type
/// (a runtime lookup, ~255 of them in a start, perf), while a virtual call is a slot in the method table.</summary>
internal abstract class EventSink
{
    public abstract void OnSyscall(in SyscallEvent e, DecodedArgs decoded);
    public abstract void OnProcess(ProcessEvent e);
    public abstract void OnSignal(in SignalEvent e);
    public abstract void OnSummary(Summary s);
    public abstract void Flush();
}
