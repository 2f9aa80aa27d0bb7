namespace Sandtrace.Cli;

/// <summary>A mistake on the command line: one line on stderr, exit code 2, never a stack trace.</summary>
internal sealed class UsageError(string message) : Exception(message);
