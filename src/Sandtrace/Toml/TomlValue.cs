namespace Sandtrace.Toml;

/// <summary>
/// Any TOML value. Every value remembers where it starts in the source so configuration code can
/// report semantic errors ("policy.toml:12:5: timeout must be positive") as precisely as syntax errors.
/// Consumers pattern-match on the concrete types (TomlString, TomlInteger, TomlTable, ...).
/// </summary>
public abstract class TomlValue
{
    private protected TomlValue(TomlPosition position) => Position = position;

    public abstract TomlValueKind Kind { get; }

    /// <summary>Where the value starts: its first character, or the '[' of the header that defined a table.</summary>
    public TomlPosition Position { get; internal set; }

    /// <summary>A human name of the type for error messages ("string", "local date", ...).</summary>
    public string TypeName => Describe(Kind);

    public static string Describe(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "boolean",
        TomlValueKind.OffsetDateTime => "offset date-time",
        TomlValueKind.LocalDateTime => "local date-time",
        TomlValueKind.LocalDate => "local date",
        TomlValueKind.LocalTime => "local time",
        TomlValueKind.Array => "array",
        TomlValueKind.Table => "table",
        _ => kind.ToString(),
    };
}
