using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Sandtrace.Tests.Support;

/// <summary>
/// Checks JSONL trace files against schema/events.schema.json. Each line must be strict JSON (valid UTF-8, one
/// value, no duplicate keys) and valid against the schema; the file must be non-empty, end with a newline, and end
/// with a summary event.
/// </summary>
internal static class EventSchema
{
    static readonly Lazy<JsonSchema> Schema = new(Load);
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string SchemaPath => Path.Combine(FindRepoRoot(), "schema", "events.schema.json");

    /// <summary>One message per invalid line ("line N: ..."), plus file-level problems; empty when the file is valid.</summary>
    public static IReadOnlyList<string> Validate(string jsonlPath)
    {
        var problems = new List<string>();
        byte[] bytes = File.ReadAllBytes(jsonlPath);
        if (bytes.Length == 0)
        {
            problems.Add("file is empty");
            return problems;
        }
        if (bytes[^1] != (byte)'\n') problems.Add("file does not end with a newline (last line cut short?)");

        string? lastEventType = null;
        int lineNo = 0;
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? [] : rest[(nl + 1)..];
            lineNo++;
            var errors = ValidateLine(line, out lastEventType);
            if (errors.Count > 0) problems.Add($"line {lineNo}: {string.Join("; ", errors)}");
        }
        if (lastEventType != "summary") problems.Add($"line {lineNo}: the last line is not a summary event");
        return problems;
    }

    /// <summary>The schema errors of one line of JSON (without its newline); empty when valid.</summary>
    public static IReadOnlyList<string> ValidateLine(string json) => ValidateLine(Encoding.UTF8.GetBytes(json), out _);

    static List<string> ValidateLine(ReadOnlySpan<byte> utf8, out string? eventType)
    {
        eventType = null;
        if (utf8.IsEmpty) return ["empty line"];

        // System.Text.Json first: it is strict (UTF-8, RFC 8259, a single value), where Newtonsoft is lenient
        // (single quotes, comments, NaN).
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(utf8.ToArray());
        }
        catch (System.Text.Json.JsonException ex)
        {
            return [$"not valid JSON: {ex.Message}"];
        }

        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(StrictUtf8.GetString(utf8)))
            {
                // Keep timestamps as the strings they are, so the schema's pattern sees the exact text.
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            token = JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonReaderException ex)
        {
            return [$"not valid JSON: {ex.Message}"];
        }

        if (token is not JObject obj) return ["not a JSON object"];
        if (obj["event_type"] is not JValue { Type: JTokenType.String } et) return ["event_type is missing or not a string"];
        eventType = (string?)et;

        var messages = new List<string>();
        foreach (var error in Schema.Value.Validate(token)) Describe(error, token, messages);
        return messages.Distinct().ToList();
    }

    /// <summary>
    /// Renders an error. For a failed oneOf/anyOf, only the branches meant for this event (those whose event_type,
    /// and for process events action, match) are explained, instead of every branch's complaints.
    /// </summary>
    static void Describe(ValidationError error, JToken token, List<string> output)
    {
        if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf)
        {
            var relevant = child.Errors.Values.Where(errs => !IsForAnotherVariant(errs, token)).ToList();
            if (relevant.Count == 0)
            {
                output.Add($"{error.Path}: no variant matches (unknown event_type or process action)");
                return;
            }
            if (relevant.All(errs => errs.Count == 0))
            {
                output.Add($"{error.Path}: {error.Kind} (matches more than one variant)");
                return;
            }
            foreach (var errs in relevant)
                foreach (var e in errs) Describe(e, token, output);
            return;
        }
        output.Add($"{error.Kind} at {error.Path}");
    }

    /// <summary>Whether a branch's errors show it describes another kind of event: its event_type (or process
    /// action) does not match, possibly inside a nested oneOf none of whose branches match.</summary>
    static bool IsForAnotherVariant(ICollection<ValidationError> errors, JToken token) =>
        errors.Any(e => IsDiscriminatorMismatch(e, token) ||
            (e is ChildSchemaValidationError c && e.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf &&
             c.Errors.Values.All(errs => IsForAnotherVariant(errs, token))));

    static bool IsDiscriminatorMismatch(ValidationError e, JToken token) =>
        e.Kind == ValidationErrorKind.NotInEnumeration &&
        (e.Path == "#/event_type" || (e.Path == "#/action" && token is JObject o && (o["event_type"] as JValue)?.Value as string == "process"));

    static JsonSchema Load()
    {
        string path = SchemaPath;
        return JsonSchema.FromJsonAsync(File.ReadAllText(path), path).GetAwaiter().GetResult();
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "sandtrace.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no sandtrace.slnx above {AppContext.BaseDirectory}");
    }
}
