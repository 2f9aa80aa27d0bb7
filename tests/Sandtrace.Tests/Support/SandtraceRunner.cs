using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Sandtrace.Tests.Support;

/// <summary>The outcome of one real `sandtrace` process.</summary>
internal sealed record RunOutcome(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes, IReadOnlyList<JsonElement> Events, string JsonlPath, TimeSpan Elapsed)
{
    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.GetProperty("event_type").GetString() == type);
    public IEnumerable<JsonElement> Syscalls => OfType("syscall");
    public IEnumerable<JsonElement> Process(string action) => OfType("process").Where(e => e.GetProperty("action").GetString() == action);
    public JsonElement Summary => Events[^1];
}

/// <summary>
/// Runs the real sandtrace binary (SANDTRACE_BIN, e.g. the NativeAOT build in CI, or the apphost built next to the
/// tests) on real programs, as a user would.
/// </summary>
internal static class SandtraceRunner
{
    public static string Binary =>
        Environment.GetEnvironmentVariable("SANDTRACE_BIN") is { Length: > 0 } b ? b : Path.Combine(AppContext.BaseDirectory, "sandtrace");

    public static string TempDir() => TestTemp.Dir("run-");

    /// <summary>Runs `sandtrace run [flags] -o FILE -- command…` and parses the JSONL.</summary>
    public static RunOutcome Trace(string[] flags, params string[] command) => Run(flags, command, jsonl: true);

    public static RunOutcome Run(string[] flags, string[] command, bool jsonl = true, string? stdin = null,
        IDictionary<string, string?>? env = null, TimeSpan? limit = null, Action<Process>? whileRunning = null,
        string? workingDirectory = null)
    {
        string dir = workingDirectory ?? TempDir();
        string path = Path.Combine(dir, "trace.jsonl");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add("run");
        foreach (var f in flags) psi.ArgumentList.Add(f);
        if (jsonl) { psi.ArgumentList.Add("-o"); psi.ArgumentList.Add(path); }
        if (command.Length > 0) psi.ArgumentList.Add("--");
        foreach (var c in command) psi.ArgumentList.Add(c);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var outTask = Task.Run(() => { using var ms = new MemoryStream(); p.StandardOutput.BaseStream.CopyTo(ms); return ms.ToArray(); });
        var errTask = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        whileRunning?.Invoke(p);
        if (!p.WaitForExit(limit ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(true);
            throw new TimeoutException("sandtrace did not finish in time; stderr so far: " + errTask.Result);
        }
        var stdout = outTask.Result;
        var events = new List<JsonElement>();
        if (jsonl && File.Exists(path))
            foreach (var line in File.ReadLines(path))
                events.Add(JsonDocument.Parse(line).RootElement.Clone());
        return new RunOutcome(p.ExitCode, Encoding.UTF8.GetString(stdout), errTask.Result, stdout, events, path, sw.Elapsed);
    }

    /// <summary>Runs an arbitrary command line that starts sandtrace itself (e.g. through a shell holding a
    /// descriptor open), then reads the JSONL it was told to write.</summary>
    public static RunOutcome RunRaw(string[] command, string jsonlPath, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var c in command.Skip(1)) psi.ArgumentList.Add(c);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var events = File.Exists(jsonlPath)
            ? File.ReadLines(jsonlPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList() : [];
        return new RunOutcome(p.ExitCode, stdout, err.Result, Encoding.UTF8.GetBytes(stdout), events, jsonlPath, sw.Elapsed);
    }

    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    static extern uint GetEuid();
}
