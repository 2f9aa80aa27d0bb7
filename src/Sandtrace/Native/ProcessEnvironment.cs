namespace Sandtrace.Native;

/// <summary>
/// The environment exactly as this process received it, in its original order (from /proc/self/environ):
/// .NET's Environment.GetEnvironmentVariables() is a hashtable and loses the order, which a faithful launch keeps.
/// </summary>
internal static class ProcessEnvironment
{
    public static List<string> Read()
    {
        try
        {
            var raw = File.ReadAllBytes("/proc/self/environ");
            var list = new List<string>();
            int start = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i] != 0) continue;
                if (i > start) list.Add(System.Text.Encoding.UTF8.GetString(raw, start, i - start));
                start = i + 1;
            }
            return list;
        }
        catch (IOException)
        {
            var list = new List<string>();
            foreach (System.Collections.DictionaryEntry kv in Environment.GetEnvironmentVariables()) list.Add($"{kv.Key}={kv.Value}");
            return list;
        }
    }

    public static string NameOf(string entry) => entry.IndexOf('=') is int eq and >= 0 ? entry[..eq] : entry;
}
