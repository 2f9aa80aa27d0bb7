using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>Finds the program to run the way a shell does: a name with a slash is a path, otherwise the first
/// executable regular file of that name on PATH.</summary>
internal static class CommandResolver
{
    public static string Resolve(string command, string? pathVariable, string workingDirectory)
    {
        if (command.Length == 0) throw new SandboxError("cannot execute an empty command name", 127);
        if (command.Contains('/'))
        {
            string full = Path.GetFullPath(command, workingDirectory);
            return Check(full) ?? full;
        }
        string? firstProblem = null;
        foreach (var dir in (string.IsNullOrEmpty(pathVariable) ? "/usr/local/bin:/usr/bin:/bin" : pathVariable).Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? workingDirectory : Path.GetFullPath(dir, workingDirectory), command);
            if (!File.Exists(candidate)) continue;
            string? problem = Check(candidate, throwOnProblem: false);
            if (problem == null) return candidate;
            firstProblem ??= problem;
        }
        throw new SandboxError(firstProblem ?? $"command not found: {command} (searched PATH)", 127);
    }

    /// <summary>Null when <paramref name="path"/> can be executed; otherwise throws (or returns) why not.</summary>
    static string? Check(string path, bool throwOnProblem = true)
    {
        string? problem =
            Directory.Exists(path) ? $"cannot execute {path}: it is a directory"
            : !File.Exists(path) ? $"cannot execute {path}: no such file"
            : Libc.Access(path, Libc.X_OK) != 0 ? $"cannot execute {path}: permission denied (not executable)"
            : null;
        if (problem != null && throwOnProblem) throw new SandboxError(problem, 127);
        return problem;
    }
}
