namespace Sandtrace.Toml;

/// <summary>An IEEE 754 binary64 float. The literal as written is kept because a double cannot say
/// whether the source wrote "-nan" or "1e3", which matters when echoing a value back.</summary>
public sealed class TomlFloat(double value, string rawText, TomlPosition position) : TomlValue(position)
{
    public double Value { get; } = value;
    public string RawText { get; } = rawText;
    public override TomlValueKind Kind => TomlValueKind.Float;
    public override string ToString() => RawText;
}
