using Sandtrace.Tracing;

namespace Sandtrace.Events;

/// <summary>Hands every event to each sink in order.</summary>
internal sealed class EventFanout(IReadOnlyList<EventSink> sinks) : EventSink
{
    readonly EventSink[] _sinks = sinks.ToArray();

    public override void OnSyscall(in SyscallEvent e, DecodedArgs decoded) { foreach (var s in _sinks) s.OnSyscall(in e, decoded); }
    public override void OnProcess(ProcessEvent e) { foreach (var s in _sinks) s.OnProcess(e); }
    public override void OnSignal(in SignalEvent e) { foreach (var s in _sinks) s.OnSignal(in e); }
    public override void OnSummary(Summary sum) { foreach (var s in _sinks) s.OnSummary(sum); }
    public override void Flush() { foreach (var s in _sinks) s.Flush(); }
    public override bool WritesSyscallsLive
    {
        get
        {
            foreach (var s in _sinks) if (s.WritesSyscallsLive) return true;
            return false;
        }
    }
}
