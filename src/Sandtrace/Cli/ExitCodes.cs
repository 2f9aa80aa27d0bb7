namespace Sandtrace.Cli;

/// <summary>sandtrace's own exit codes (README "Exit status"). Otherwise sandtrace exits with the traced program's
/// code, or 128+N when it was killed by signal N.</summary>
internal static class ExitCodes
{
    public const int Usage = 2;
    public const int PolicyInvalid = 78;     // EX_CONFIG
    public const int Timeout = 124;          // as timeout(1)
    public const int SandboxFailed = 125;    // as docker/podman run: the runtime itself failed
    public const int CannotExecute = 127;    // as a shell: the command could not be run
    public const int SignalBase = 128;
}
