namespace Sandtrace.Toml;

/// <summary>A string of any of the four TOML forms, with escapes already resolved.</summary>
public sealed class TomlString(string value, TomlPosition position) : TomlValue(position)
{
    public string Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.String;
    public override string ToString() => Value;
}
