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

    /// <summary>Whether this sink writes syscall events where the traced program's own output may appear (the
    /// console's live lines): the tracer then hands it each call before the task runs on, so that a call's line comes
    /// before whatever the program prints after the call. Otherwise the tracer hands the exit of a call over after
    /// resuming the task.</summary>
    public virtual bool WritesSyscallsLive => false;
}
