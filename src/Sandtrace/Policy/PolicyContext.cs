namespace Sandtrace.Policy;

/// <summary>
/// What a policy is read against: the command's working directory (profile "workspace", relative CLI paths, the
/// policy file's own location), the home directory (`~`, the secret list, the write-root checks) and whether the user
/// passed --unsafe-ack. Passed in rather than read from the process so tests can fix them.
/// </summary>
internal sealed record PolicyContext(string WorkingDirectory, string Home, bool UnsafeAck)
{
    public static PolicyContext FromEnvironment(string workingDirectory, bool unsafeAck) =>
        new(workingDirectory, CurrentHome(), unsafeAck);

    /// <summary>$HOME, or /root when it is unset — the same fallback the launch planner uses for the secret list, so
    /// secrets lifted here are the ones it would otherwise deny.</summary>
    public static string CurrentHome() =>
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h.TrimEnd('/') is { Length: > 0 } t ? t : "/" : "/root";
}
