using System.Diagnostics;
using Sandtrace.Sandbox;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Sandbox;

/// <summary>
/// Independent references for <see cref="ExecutableDependencies"/>: what the real loader reports (ldd), a C compiler to
/// build fixtures, and a model of the sandbox's filesystem built from a closure alone.
/// </summary>
internal static class LoaderOracle
{
    public sealed record LddReport(Dictionary<string, string> Found, List<string> NotFound, List<string> Absolute, string Raw);

    /// <summary>`ldd path` with the caller's LD_LIBRARY_PATH/LD_PRELOAD removed (the resolver ignores them too).</summary>
    public static LddReport Ldd(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/ldd", [path]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment.Remove("LD_LIBRARY_PATH");
        psi.Environment.Remove("LD_PRELOAD");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var notFound = new List<string>();
        var absolute = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            string line = raw.Trim();
            int arrow = line.IndexOf(" => ", StringComparison.Ordinal);
            if (arrow > 0)
            {
                string name = line[..arrow], rest = line[(arrow + 4)..];
                if (rest.StartsWith("not found", StringComparison.Ordinal)) notFound.Add(name);
                else if (rest.StartsWith('/')) found[name] = rest.Split(' ')[0];
            }
            else if (line.StartsWith('/')) absolute.Add(line.Split(' ')[0]); // the interpreter, "/lib64/ld-linux-x86-64.so.2 (0x…)"
        }
        return new LddReport(found, notFound, absolute, output + stderr.Result);
    }

    /// <summary>Problems (empty = none) with "every library ldd resolves is in the closure (by name and real path),
    /// the path ldd shows resolves in a sandbox built from the closure, and every library ldd cannot find is named in
    /// a warning".</summary>
    public static List<string> CompareWithLdd(string program, ExecutableClosure c)
    {
        var ldd = Ldd(program);
        var problems = new List<string>();
        var libs = c.Libraries.ToHashSet(StringComparer.Ordinal);
        var baseNames = c.Libraries.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, path) in ldd.Found)
        {
            if (name.StartsWith("linux-vdso", StringComparison.Ordinal)) continue;
            if (!baseNames.Contains(Path.GetFileName(path))) problems.Add($"{program}: {name} ({path}) missing by name");
            string? real = ReadlinkF(path);
            if (real != null && !libs.Contains(real)) problems.Add($"{program}: real path {real} of {name} missing");
            // The loader opens the very string ldd prints: it must work in a sandbox made from the closure.
            if (ResolveInSandbox(c, path) == null) problems.Add($"{program}: {path} ({name}) does not resolve in the sandbox view");
        }
        foreach (var path in ldd.Absolute)
            if (!c.Executables.Contains(path) && !libs.Contains(path)) problems.Add($"{program}: {path} (ldd) missing");
        foreach (var name in ldd.NotFound)
            if (!c.Warnings.Any(w => w.Contains(name, StringComparison.Ordinal))) problems.Add($"{program}: no warning for missing {name}");
        if (ldd.Found.Count == 0 && ldd.NotFound.Count == 0) problems.Add($"{program}: ldd reported nothing:\n{ldd.Raw}");
        return problems;
    }

    public static string? ReadlinkF(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("readlink", ["-e", path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string s = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 && s.Length > 0 ? s : null;
    }

    /// <summary>
    /// The sandbox a caller would build from the closure alone: real files (bind mounts) plus the listed symlinks,
    /// recreated with their host targets, plus the directories leading to them. Resolves <paramref name="path"/> in
    /// that tree the way the kernel would; null when the lookup would fail there.
    /// </summary>
    public static string? ResolveInSandbox(ExecutableClosure c, string path)
    {
        var links = c.Symlinks.ToDictionary(s => s, s => new FileInfo(s).LinkTarget!, StringComparer.Ordinal);
        var files = c.Executables.Concat(c.Libraries).Where(p => !links.ContainsKey(p) && new FileInfo(p).LinkTarget == null)
            .ToHashSet(StringComparer.Ordinal);
        var dirs = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var p in files.Concat(links.Keys))
            for (int i = p.LastIndexOf('/'); i > 0; i = p.LastIndexOf('/', i - 1)) dirs.Add(p[..i]);

        var pending = new Stack<string>(path.Split('/').Reverse());
        string at = "";
        for (int hops = 0; pending.Count > 0;)
        {
            string part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..") { at = at.Contains('/') ? at[..at.LastIndexOf('/')] : ""; continue; }
            string next = at + "/" + part;
            if (links.TryGetValue(next, out var target))
            {
                if (++hops > 40) return null;
                if (target.StartsWith('/')) at = "";
                foreach (var t in target.Split('/').Reverse()) pending.Push(t);
                continue;
            }
            if (!(pending.Count == 0 ? files.Contains(next) || dirs.Contains(next) : dirs.Contains(next))) return null;
            at = next;
        }
        return files.Contains(at) ? at : null;
    }

    public static string TempDir() => TestTemp.Dir("elf-");

    /// <summary>A C compiler (CI installs clang or clang-14 for NativeAOT; gcc also does).</summary>
    public static string Compiler { get; } =
        new[] { "cc", "gcc", "clang", "clang-14" }.FirstOrDefault(OnPath)
        ?? throw new InvalidOperationException("these tests build fixtures with a C compiler: install gcc or clang");

    static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));

    /// <summary>Compiles <paramref name="source"/> into <paramref name="output"/>; fails the test on errors.</summary>
    public static void Compile(string source, string output, params string[] flags)
    {
        string c = output + ".c";
        File.WriteAllText(c, source);
        var psi = new ProcessStartInfo(Compiler) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-w", "-o", output, c, .. flags]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{Compiler} {string.Join(' ', psi.ArgumentList)} failed:\n{err}");
    }

    public static string Describe(ExecutableClosure c) =>
        $"executables: {string.Join(' ', c.Executables)}\nlibraries: {string.Join(' ', c.Libraries)}\n" +
        $"symlinks: {string.Join(' ', c.Symlinks)}\nwarnings: {string.Join(" | ", c.Warnings)}";
}
