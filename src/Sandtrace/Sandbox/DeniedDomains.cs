using System.Net;
using System.Text;

namespace Sandtrace.Sandbox;

/// <summary>
/// [network] denied_domains (sandbox-policy-model.txt): an /etc/hosts override inside the sandbox resolves every exact
/// name to 0.0.0.0 (and ::); the tracer also refuses connect/sendto to the addresses those names had on the host at
/// launch, so a program that resolves them another way (its own DNS, a hard-coded address) is stopped too. "*.suffix"
/// patterns cannot be written in a hosts file: for them only the addresses of the bare suffix are known. Best effort
/// by nature (DNS answers vary); documented as such.
/// </summary>
internal static class DeniedDomains
{
    public static string HostsFile(IEnumerable<string> patterns)
    {
        var sb = new StringBuilder();
        try { sb.Append(File.ReadAllText("/etc/hosts")); } catch (IOException) { }
        if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        sb.Append("# sandtrace: [network] denied_domains\n");
        foreach (var p in patterns)
        {
            string name = p.StartsWith("*.", StringComparison.Ordinal) ? p[2..] : p;
            sb.Append("0.0.0.0 ").Append(name).Append('\n').Append(":: ").Append(name).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Addresses the denied names resolve to on the host now (a second at most; none if DNS is unreachable).</summary>
    public static IReadOnlyDictionary<string, string> ResolveAddresses(IEnumerable<string> patterns)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in patterns)
        {
            string name = p.StartsWith("*.", StringComparison.Ordinal) ? p[2..] : p;
            try
            {
                var task = Dns.GetHostAddressesAsync(name);
                if (!task.Wait(TimeSpan.FromSeconds(1))) continue;
                foreach (var a in task.Result)
                    if (!IPAddress.IsLoopback(a) && !a.Equals(IPAddress.Any)) result.TryAdd(a.ToString(), p);
            }
            catch (Exception e) when (e is AggregateException or System.Net.Sockets.SocketException or ArgumentException) { }
        }
        return result;
    }
}
