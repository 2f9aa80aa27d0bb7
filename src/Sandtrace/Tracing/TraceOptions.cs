namespace Sandtrace.Tracing;

/// <summary>What the tracer follows and how it marks calls.</summary>
internal sealed record TraceOptions(bool FollowForks, IReadOnlySet<string> LogOnlySyscalls);
