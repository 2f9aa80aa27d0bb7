using System.Text;

namespace Sandtrace.Toml;

/// <summary>One part of a dotted key with where it was written.</summary>
internal readonly record struct TomlKeySegment(string Name, TomlPosition Position);

/// <summary>A possibly dotted key (a."b c".d) as read from the source.</summary>
internal sealed class TomlKey(List<TomlKeySegment> segments)
{
    public IReadOnlyList<TomlKeySegment> Segments { get; } = segments;
    public TomlKeySegment Last => Segments[^1];

    /// <summary>The first <paramref name="count"/> segments as TOML text, for messages.</summary>
    public string Display(int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                sb.Append('.');
            AppendKeyText(sb, Segments[i].Name);
        }
        return sb.ToString();
    }

    public override string ToString() => Display(Segments.Count);

    public static bool IsBareKeyChar(int c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-';

    /// <summary>A key written back as TOML: bare when possible, else as a basic string.</summary>
    static void AppendKeyText(StringBuilder sb, string name)
    {
        if (name.Length > 0 && name.All(c => IsBareKeyChar(c)))
        {
            sb.Append(name);
            return;
        }
        sb.Append('"');
        foreach (char c in name)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20 || c == 0x7F)
                sb.Append($"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        sb.Append('"');
    }
}
