using System.Text;

namespace Sandtrace.Sandbox;

/// <summary>
/// The kernel's reading of a "#!" line (fs/binfmt_script.c, Linux ≥ 5.1): only the first 256 bytes are looked at;
/// the interpreter is the first word after "#!", everything after it up to the end of the line (trimmed) is one
/// optional argument. A line longer than the buffer is accepted only if the interpreter word ends inside it.
/// </summary>
internal static class Shebang
{
    /// <summary>BINPRM_BUF_SIZE.</summary>
    public const int BufferSize = 256;

    public static bool IsScript(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == '#' && head[1] == '!';

    /// <summary>Interpreter and optional argument, or null with why execve would answer ENOEXEC.</summary>
    public static (string Interpreter, string? Argument)? Parse(ReadOnlySpan<byte> head, out string? problem)
    {
        problem = null;
        if (!IsScript(head)) { problem = "no #! line"; return null; }
        // The kernel's buffer is zero-filled past the end of a short file.
        Span<byte> buf = stackalloc byte[BufferSize];
        buf.Clear();
        head[..Math.Min(head.Length, BufferSize)].CopyTo(buf);

        int end = buf.IndexOf((byte)'\n');
        if (end < 0)
        {
            int first = NextNonSpaceTab(buf, 2, BufferSize);
            if (first < 0) { problem = "the #! line is empty"; return null; }
            if (NextTerminator(buf, first, BufferSize) < 0)
            {
                problem = $"the #! line is longer than {BufferSize} bytes (interpreter name truncated)";
                return null;
            }
            end = BufferSize - 1; // the kernel keeps the last byte for its terminating NUL
        }
        while (end > 2 && IsSpaceTab(buf[end - 1])) end--;
        int name = NextNonSpaceTab(buf, 2, end);
        if (name < 0) { problem = "the #! line names no interpreter"; return null; }

        int sep = NextTerminator(buf, name, end);
        int nameEnd = sep < 0 ? end : sep;
        string interpreter = Decode(buf[name..nameEnd]);
        string? argument = null;
        if (sep >= 0 && buf[sep] != 0)
        {
            int arg = NextNonSpaceTab(buf, sep, end);
            if (arg >= 0) argument = Decode(buf[arg..end]);
        }
        if (interpreter.Length == 0) { problem = "the #! line names no interpreter"; return null; }
        return (interpreter, argument);
    }

    static bool IsSpaceTab(byte c) => c == ' ' || c == '\t';

    static int NextNonSpaceTab(ReadOnlySpan<byte> b, int from, int end)
    {
        for (int i = from; i < end; i++) if (!IsSpaceTab(b[i])) return i;
        return -1;
    }

    static int NextTerminator(ReadOnlySpan<byte> b, int from, int end)
    {
        for (int i = from; i < end; i++) if (IsSpaceTab(b[i]) || b[i] == 0) return i;
        return -1;
    }

    /// <summary>The kernel passes C strings: anything after an embedded NUL is invisible.</summary>
    static string Decode(ReadOnlySpan<byte> s)
    {
        int nul = s.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? s : s[..nul]);
    }
}
