using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>Hands every event to each sink in order.</summary>
internal sealed class EventFanout(IReadOnlyList<IEventSink> sinks) : IEventSink
{
    readonly IEventSink[] _sinks = sinks.ToArray();

    public void OnSyscall(in SyscallEvent e, DecodedArgs decoded) { foreach (var s in _sinks) s.OnSyscall(in e, decoded); }
    public void OnProcess(ProcessEvent e) { foreach (var s in _sinks) s.OnProcess(e); }
    public void OnSignal(in SignalEvent e) { foreach (var s in _sinks) s.OnSignal(in e); }
    public void OnSummary(Summary sum) { foreach (var s in _sinks) s.OnSummary(sum); }
    public void Flush() { foreach (var s in _sinks) s.Flush(); }
}
