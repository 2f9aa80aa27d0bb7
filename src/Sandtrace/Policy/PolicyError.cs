namespace Sandtrace.Policy;

/// <summary>An invalid policy: "file:line:column: what is wrong; how to fix it". Exit code 78.</summary>
internal sealed class PolicyError(string message) : Exception(message);
