namespace Sandtrace.Sandbox;

/// <summary>
/// Everything the kernel and the dynamic loader open to start one program. Each file is listed under the name it was
/// found by and under its real path; <see cref="Symlinks"/> holds every link on the way between the two (including
/// symlinked parent directories such as /lib → usr/lib), each as its own canonical path, so a sandbox that bind-mounts
/// the real files and recreates these links (readlink gives their targets) answers every lookup the loader makes.
/// </summary>
/// <param name="Executables">Files execve opens for execution: the program, its #! interpreters (and the program an
/// "#!/usr/bin/env NAME" line runs), the PT_INTERP of each dynamic ELF among them.</param>
/// <param name="Libraries">Shared objects the loader maps (DT_NEEDED, transitively) and /etc/ld.so.cache.</param>
/// <param name="Warnings">Why the program may not start: missing libraries or interpreters, malformed files.</param>
/// <param name="Symlinks">Symbolic links met while resolving the paths above, in the order met.</param>
public sealed record ExecutableClosure(
    IReadOnlyList<string> Executables,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Symlinks);
