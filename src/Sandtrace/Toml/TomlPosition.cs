namespace Sandtrace.Toml;

/// <summary>A 1-based line and column in a TOML source. Columns count Unicode code points, so a
/// message points at the character a user sees in an editor (a tab counts as one).</summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
