namespace Sandtrace.Toml;

/// <summary>
/// A TOML document is malformed. <see cref="Exception.Message"/> is one line in the compiler style
/// "policy.toml:12:5: expected '=' after key" so callers can print it as is; the parts are kept separately.
/// </summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, TomlPosition position, string? sourceName = null)
        : base(Format(reason, position, sourceName))
    {
        Reason = reason;
        Position = position;
        SourceName = sourceName;
    }

    /// <summary>The message without the source and position prefix.</summary>
    public string Reason { get; }
    public TomlPosition Position { get; }
    public int Line => Position.Line;
    public int Column => Position.Column;
    /// <summary>The file name given to the parser, or null.</summary>
    public string? SourceName { get; }

    static string Format(string reason, TomlPosition position, string? sourceName) =>
        sourceName is null ? $"{position}: {reason}" : $"{sourceName}:{position}: {reason}";
}
