namespace Sandtrace.Toml;

/// <summary>A value of one of the four date/time types; <see cref="Kind"/> says which.</summary>
public sealed class TomlDateTimeValue(TomlDateTime value, TomlPosition position) : TomlValue(position)
{
    public TomlDateTime Value { get; } = value;
    public override TomlValueKind Kind => Value.Kind;
    public override string ToString() => Value.ToString();
}
