using System.Globalization;
using Sandtrace.Toml;

namespace Sandtrace.Policy;

/// <summary>
/// [limits]: `timeout` (seconds, 0 = none) and the rlimits of <see cref="ResourceLimits"/>. Every limit is positive
/// and below a maximum chosen to catch a typo rather than to restrict anyone (the kernel's own ceilings where one
/// exists); sizes take units (<see cref="ByteSize"/>). Leaving a key out means "not limited".
/// </summary>
internal static class LimitsSection
{
    public static readonly string[] Keys = ["timeout", "memory", "max_processes", "max_file_size", "max_open_files", "cpu_time"];

    public const long MaxSeconds = 31_536_000;         // a year
    public const long MinMemory = 1L << 20;            // below 1 MiB not even the dynamic loader fits: surely a missing unit
    public const long MaxMemory = 128L << 40;          // 128 TiB: x86_64's whole user address space (RLIMIT_AS)
    public const long MaxFileSize = 1L << 50;          // 1 PiB
    public const long MaxProcesses = 4_194_304;        // PID_MAX_LIMIT on 64-bit kernels
    public const long MaxOpenFiles = 1_048_576;        // the kernel's default fs.nr_open

    public static void Apply(PolicySource src, TomlTableEntry e, PolicyDraft d)
    {
        var l = d.Limits;
        switch (e.Key)
        {
            case "timeout": d.Timeout = Timeout(src, e); break;
            case "memory": d.Limits = l with { MemoryBytes = Size(src, e, MinMemory, MaxMemory) }; break;
            case "max_file_size": d.Limits = l with { MaxFileSizeBytes = Size(src, e, 1, MaxFileSize) }; break;
            case "max_processes": d.Limits = l with { MaxProcesses = Count(src, e, MaxProcesses, "processes", "64") }; break;
            case "max_open_files": d.Limits = l with { MaxOpenFiles = Count(src, e, MaxOpenFiles, "descriptors", "1024") }; break;
            default: d.Limits = l with { CpuTimeSeconds = Count(src, e, MaxSeconds, "seconds", "60") }; break;
        }
    }

    static TimeSpan? Timeout(PolicySource src, TomlTableEntry e)
    {
        double seconds = e.Value switch
        {
            TomlInteger i => i.Value,
            TomlFloat f => f.Value,
            _ => throw src.TypeError(e, "a number of seconds", "30"),
        };
        if (!(seconds >= 0) || seconds > MaxSeconds)
            throw src.Invalid(e.Value.Position, $"timeout = {e.Value} is out of range", $"write 0 (no limit) to {MaxSeconds} seconds");
        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    static long Size(PolicySource src, TomlTableEntry e, long min, long max)
    {
        var at = e.Value.Position;
        long bytes;
        switch (e.Value)
        {
            case TomlInteger i: bytes = i.Value; break;
            case TomlString s:
                if (!ByteSize.TryParse(s.Value, out bytes, out var why))
                    throw src.Invalid(at, $"{e.Key}: {why}", $"write bytes or a size with a unit, e.g. {e.Key} = \"512M\"");
                break;
            default: throw src.TypeError(e, "a number of bytes or a size like \"512M\"", "\"512M\"");
        }
        if (bytes <= 0)
            throw src.Invalid(at, $"{e.Key} must be positive, not {Shown(e.Value)}", $"remove {e.Key} for no limit");
        if (bytes < min)
            throw src.Invalid(at, $"{e.Key} = {Shown(e.Value)} is only {ByteSize.Describe(bytes)}, less than any program needs to start",
                $"give a unit, e.g. {e.Key} = \"{bytes}M\"");
        if (bytes > max)
            throw src.Invalid(at, $"{e.Key} = {Shown(e.Value)} is more than the maximum {ByteSize.Describe(max)}", $"remove {e.Key} for no limit");
        return bytes;
    }

    /// <summary>The value as it was written: strings keep their quotes, so `memory = "1000T"` reads as in the file.</summary>
    static string Shown(TomlValue v) => v is TomlString s ? $"\"{s.Value}\"" : v.ToString() ?? "";

    static long Count(PolicySource src, TomlTableEntry e, long max, string unit, string example)
    {
        if (e.Value is not TomlInteger i) throw src.TypeError(e, $"a whole number of {unit}", example);
        if (i.Value <= 0)
            throw src.Invalid(e.Value.Position, $"{e.Key} must be positive, not {i.Value}", $"remove {e.Key} for no limit");
        if (i.Value > max)
            throw src.Invalid(e.Value.Position, $"{e.Key} = {i.Value} is more than the maximum {max.ToString(CultureInfo.InvariantCulture)} {unit}",
                $"remove {e.Key} for no limit");
        return i.Value;
    }
}
