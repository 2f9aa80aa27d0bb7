namespace Sandtrace.Tests.Support;

/// <summary>Looks at the host's /proc: which processes descend from a pid, and whether a pid still lives.</summary>
internal static class HostProcesses
{
    public static List<(int Pid, string Comm)> Descendants(int root)
    {
        var parent = new Dictionary<int, int>();
        var comm = new Dictionary<int, string>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(d, "stat"));
                int close = stat.LastIndexOf(')');
                var rest = stat[(close + 2)..].Split(' ');
                parent[pid] = int.Parse(rest[1]);
                comm[pid] = stat[(stat.IndexOf('(') + 1)..close];
            }
            catch (IOException) { }
        }
        var result = new List<(int, string)>();
        foreach (var pid in parent.Keys)
        {
            int p = pid;
            for (int hops = 0; hops < 64 && parent.TryGetValue(p, out int pp); hops++)
            {
                if (pp == root) { result.Add((pid, comm[pid])); break; }
                p = pp;
            }
        }
        return result;
    }

    /// <summary>Alive = exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }
}
