namespace Sandtrace.Events;

/// <summary>A signal delivered to a traced task (its signal-delivery-stop; the tracer passes it on unchanged).</summary>
internal readonly record struct SignalEvent(long TimestampTicks, int Pid, int Signal);
