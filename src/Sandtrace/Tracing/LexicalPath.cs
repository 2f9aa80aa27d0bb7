namespace Sandtrace.Tracing;

/// <summary>
/// Path.GetFullPath's lexical clean-up of an absolute path ("//", "." and ".." removed without looking at the disk; a
/// trailing "/" kept), done on UTF-8 bytes into a caller's buffer, so the tracer can name a failed call's path without
/// allocating. "/" and "." are ASCII, so working on bytes gives the same answer as on UTF-16 (LexicalPathTests
/// compare the two).
/// </summary>
internal static class LexicalPath
{
    /// <summary>Writes the clean form of <paramref name="path"/> (which must start with "/") to <paramref name="dest"/>
    /// and returns its length, or -1 if it does not fit.</summary>
    public static int Normalize(ReadOnlySpan<byte> path, Span<byte> dest)
    {
        if (path.IsEmpty || path[0] != (byte)'/' || dest.IsEmpty) return -1;
        dest[0] = (byte)'/';
        int n = 1;
        for (int i = 1; i < path.Length;)
        {
            int end = path[i..].IndexOf((byte)'/');
            end = end < 0 ? path.Length : i + end;
            var segment = path[i..end];
            i = end + 1;
            if (segment.IsEmpty || segment.SequenceEqual("."u8)) continue;
            if (segment.SequenceEqual(".."u8))
            {
                // Drop the last kept segment (never the root).
                int cut = n - 1;
                while (cut > 0 && dest[cut] != (byte)'/') cut--;
                n = Math.Max(cut, 1);
                continue;
            }
            if (n > 1) { if (n >= dest.Length) return -1; dest[n++] = (byte)'/'; }
            if (n + segment.Length > dest.Length) return -1;
            segment.CopyTo(dest[n..]);
            n += segment.Length;
        }
        // A trailing "/" stays ("/a/b/" names a directory): GetFullPath keeps it too.
        if (n > 1 && path[^1] == (byte)'/')
        {
            if (n >= dest.Length) return -1;
            dest[n++] = (byte)'/';
        }
        return n;
    }
}
