using System.Globalization;
using System.Text.Json;
using Sandtrace.Toml;

namespace TomlDecoder;

/// <summary>
/// Writes a TOML document in toml-test's tagged JSON: tables become objects, arrays become arrays, and
/// every scalar becomes {"type": "...", "value": "..."} with the value as text.
/// </summary>
public static class TaggedJsonWriter
{
    public static void Write(Utf8JsonWriter json, TomlValue value)
    {
        switch (value)
        {
            case TomlTable table:
                json.WriteStartObject();
                foreach (var entry in table)
                {
                    json.WritePropertyName(entry.Key);
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case TomlArray array:
                json.WriteStartArray();
                foreach (var item in array)
                    Write(json, item);
                json.WriteEndArray();
                break;
            default:
                json.WriteStartObject();
                json.WriteString("type", TypeTag(value.Kind));
                json.WriteString("value", ValueText(value));
                json.WriteEndObject();
                break;
        }
    }

    static string TypeTag(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "bool",
        TomlValueKind.OffsetDateTime => "datetime",
        TomlValueKind.LocalDateTime => "datetime-local",
        TomlValueKind.LocalDate => "date-local",
        TomlValueKind.LocalTime => "time-local",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a scalar"),
    };

    static string ValueText(TomlValue value) => value switch
    {
        TomlString s => s.Value,
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => FloatText(f.Value),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlDateTimeValue d => d.Value.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "not a scalar"),
    };

    // toml-test spells the specials "inf", "-inf" and "nan"; finite values use the shortest round-trip form.
    static string FloatText(double v) =>
        double.IsNaN(v) ? "nan"
        : double.IsPositiveInfinity(v) ? "inf"
        : double.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("R", CultureInfo.InvariantCulture);
}
