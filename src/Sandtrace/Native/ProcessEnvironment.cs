namespace Sandtrace.Native;

/// <summary>
/// The environment exactly as this process received it, in its original order (from /proc/self/environ):
/// .NET's Environment.GetEnvironmentVariables() is a hashtable and loses the order, which a faithful launch keeps.
/// </summary>
internal static class ProcessEnvironment
{
    public static List<string> Read()
    {
        // Raw reads, not File.ReadAllBytes: its stream and handle setup cost ~25 us of every start (perf).
        var list = new List<string>();
        if (SmallFile.ReadAll("/proc/self/environ") is { } raw)
        {
            int start = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] != 0) continue;
                if (i > start) list.Add(System.Text.Encoding.UTF8.GetString(raw, start, i - start));
                start = i + 1;
            }
            if (start < raw.Length) list.Add(System.Text.Encoding.UTF8.GetString(raw, start, raw.Length - start));
        }
        else
            foreach (System.Collections.DictionaryEntry kv in Environment.GetEnvironmentVariables()) list.Add($"{kv.Key}={kv.Value}");
        return list;
    }

    public static string NameOf(string entry) => entry.IndexOf('=') is int eq and >= 0 ? entry[..eq] : entry;
}
