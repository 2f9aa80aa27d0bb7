// toml-test decoder protocol: read a TOML document from stdin, print it as tagged JSON on stdout and
// exit 0; on invalid TOML print the error on stderr and exit 1.
using System.Text.Encodings.Web;
using System.Text.Json;
using Sandtrace.Toml;
using TomlDecoder;

var input = new MemoryStream();
using (var stdin = Console.OpenStandardInput())
    stdin.CopyTo(input);

TomlDocument doc;
try
{
    // The byte overload validates UTF-8 itself; decoding to a string first would hide invalid bytes.
    doc = TomlParser.Parse(input.GetBuffer().AsSpan(0, (int)input.Length), "<stdin>");
}
catch (TomlException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

using (var stdout = Console.OpenStandardOutput())
using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
    TaggedJsonWriter.Write(json, doc.Root);
Console.Out.WriteLine();
return 0;
