namespace Sandtrace.Toml;

/// <summary>A parsed TOML document: its root table and the name used in messages.</summary>
public sealed class TomlDocument(TomlTable root, string? sourceName)
{
    public TomlTable Root { get; } = root;
    public string? SourceName { get; } = sourceName;

    /// <summary>An error at a value's position, for configuration checks done after parsing.</summary>
    public TomlException ErrorAt(TomlPosition position, string reason) => new(reason, position, SourceName);
}
