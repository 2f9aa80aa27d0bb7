namespace Sandtrace.Toml;

/// <summary>The TOML type of a value; the four date/time kinds are distinct types in TOML.</summary>
public enum TomlValueKind : byte
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
    Array,
    Table,
}
