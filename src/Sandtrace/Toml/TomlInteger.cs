namespace Sandtrace.Toml;

/// <summary>A 64-bit signed integer (TOML requires exactly this range; larger literals are rejected).</summary>
public sealed class TomlInteger(long value, TomlPosition position) : TomlValue(position)
{
    public long Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.Integer;
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
