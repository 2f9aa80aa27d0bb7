namespace Sandtrace.Sandbox;

/// <summary>The sandbox could not be set up (exit code 125), or the command could not be executed (127).</summary>
internal sealed class SandboxError(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
