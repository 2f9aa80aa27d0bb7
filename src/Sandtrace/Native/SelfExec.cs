using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// Under the JIT runtime, W^X double-maps executable memory through a shared memfd; a raw-cloned child then shares
/// those pages with sandtrace (MAP_SHARED survives clone without CLONE_VM) and either side can corrupt the other
/// (measured: segfaults in the parent's tiering thread, children spinning inside the runtime). JIT builds therefore
/// re-execute themselves once with DOTNET_EnableWriteXorExecute=0. The NativeAOT product does not need this.
/// </summary>
internal static unsafe partial class SelfExec
{
    public const string MarkerVariable = "SANDTRACE_WX_REEXEC";
    const string WxVariable = "DOTNET_EnableWriteXorExecute";
    const string DiagnosticsVariable = "DOTNET_EnableDiagnostics";

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, byte** argv, byte** envp);

    /// <summary>Returns only if no re-exec is needed or possible.</summary>
    public static void EnsureSafeForRawClone(string[] args)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported) return;                 // NativeAOT
        if (Environment.GetEnvironmentVariable(WxVariable) == "0") return;
        if (Environment.GetEnvironmentVariable(MarkerVariable) != null) return;  // never loop
        string? host = Environment.ProcessPath;
        if (host == null) return;
        var argv = new List<string> { host };
        string name = Path.GetFileName(host);
        string? assembly = AppContext.BaseDirectory is { } dir ? Path.Combine(dir, "sandtrace.dll") : null;
        if (name is "dotnet" && assembly != null) argv.Add(assembly);
        argv.AddRange(args);
        // An explicit envp: Environment.SetEnvironmentVariable does not change libc's environ.
        var env = new List<string>();
        foreach (var entry in ProcessEnvironment.Read())
            if (ProcessEnvironment.NameOf(entry) != WxVariable) env.Add(entry);
        env.Add(WxVariable + "=0");           // appended: the original order is kept for the sandboxed program
        // No diagnostics IPC socket in $TMPDIR for a process that is only a launcher and tracer. The marker's value
        // says whether that variable was added here ("2") or came from the user ("1") and must reach the program.
        bool addDiagnostics = Environment.GetEnvironmentVariable(DiagnosticsVariable) == null;
        env.Add(MarkerVariable + (addDiagnostics ? "=2" : "=1"));
        if (addDiagnostics) env.Add(DiagnosticsVariable + "=0");
        using var arena = new UnmanagedArena();
        Execve(host, arena.CStringArray(argv), arena.CStringArray(env));
        // execve failed: carry on without the re-exec rather than not run at all.
    }

    /// <summary>Whether a variable was added by the re-exec (and must not leak into the sandboxed program).</summary>
    public static bool IsOwnVariable(string name) => Environment.GetEnvironmentVariable(MarkerVariable) switch
    {
        null => false,
        "2" => name is MarkerVariable or WxVariable or DiagnosticsVariable,
        _ => name is MarkerVariable or WxVariable,
    };
}
