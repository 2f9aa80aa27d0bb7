namespace Sandtrace.Sandbox;

/// <summary>
/// Resolves everything needed to start a program inside a filesystem view built from nothing, so that nobody has to
/// list ld-linux or libc by hand: what execve opens (the program, #! interpreters, the ELF interpreter) and what the
/// dynamic loader maps (see <see cref="DynamicLoader"/> for its search rules).
/// <para>Only files are read; nothing is executed. Libraries opened later with dlopen (NSS modules, Python extension
/// modules, gconv, plugins) are not visible in the ELF headers and are not included. LD_LIBRARY_PATH and
/// LD_PRELOAD are ignored: the sandboxed program's environment, not ours, decides them.</para>
/// </summary>
public static class ExecutableDependencies
{
    /// <summary>Linux's exec_binprm stops at depth > 5: the program and four more #! interpreters may be scripts,
    /// the sixth file must be a binary (checked on Linux 6.x: six chained scripts fail with ELOOP, five work).</summary>
    const int MaxRewrites = 5;
    /// <summary>"#!/usr/bin/env x" where x is itself an env script, and so on: each hop is a fresh execve; the cap
    /// only guards against loops.</summary>
    const int MaxEnvHops = 8;
    /// <summary>The only ELF types execve runs: ET_EXEC and ET_DYN (PIE).</summary>
    const ushort ElfTypeExec = 2, ElfTypeDyn = 3;
    /// <summary>What glibc's execvp searches when PATH is unset (_CS_PATH).</summary>
    const string DefaultExecvpPath = "/bin:/usr/bin";

    /// <summary>
    /// The closure of <paramref name="executablePath"/> (relative paths are taken from the current directory).
    /// <paramref name="pathVariable"/> is the PATH the program will see: it decides which program
    /// "#!/usr/bin/env NAME" runs (null: glibc's default "/bin:/usr/bin").
    /// </summary>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be read, or is a directory.</exception>
    /// <exception cref="IOException">Another error opening it (e.g. EIO).</exception>
    public static ExecutableClosure Resolve(string executablePath, string? pathVariable = null) =>
        Resolve(executablePath, pathVariable, LdSoCache.DefaultPath);

    /// <summary>As above, resolving names through <paramref name="realPaths"/>, which the planner shares with the
    /// filesystem view.</summary>
    internal static ExecutableClosure Resolve(string executablePath, string? pathVariable, RealPath realPaths) =>
        Resolve(executablePath, pathVariable, LdSoCache.DefaultPath, realPaths);

    /// <summary>As above with another ld.so.cache file (tests).</summary>
    internal static ExecutableClosure Resolve(string executablePath, string? pathVariable, string ldSoCachePath, RealPath? realPaths = null)
    {
        ArgumentNullException.ThrowIfNull(executablePath);
        if (executablePath.Length == 0) throw new FileNotFoundException("empty program path", executablePath);
        var walk = new Walk(new ClosureBuilder(ldSoCachePath, realPaths), pathVariable);
        walk.Exec(Absolute(executablePath), depth: 0, envHops: 0, what: null);
        return walk.Output.Build();
    }

    /// <summary>One resolution: follows execve from the program through its interpreters.</summary>
    sealed class Walk(ClosureBuilder output, string? pathVariable)
    {
        public ClosureBuilder Output { get; } = output;

        /// <summary>What execve does with <paramref name="path"/>. <paramref name="what"/> says how we got there
        /// (for warnings); null for the program itself, whose open errors are thrown instead of reported.</summary>
        public void Exec(string path, int depth, int envHops, string? what)
        {
            BoundedFile file;
            try
            {
                file = BoundedFile.Open(path);
            }
            catch (Exception e) when (what != null && e is IOException or UnauthorizedAccessException)
            {
                Output.Warn($"{what} {path} cannot be executed: {e.Message}");
                return;
            }
            using (file)
            {
                string real = Output.AddExecutable(path) ?? path;
                byte[] head = file.ReadPrefix(Shebang.BufferSize);
                if (ElfReader.Read(file) is { } elf)
                    Elf(path, real, elf);
                else if (Shebang.IsScript(head))
                    Script(path, head, depth, envHops);
                else
                    Output.Warn($"{path} is neither an ELF binary nor a #! script: execve fails with ENOEXEC " +
                        "(only a shell or execvp would run it with /bin/sh)");
            }
        }

        void Elf(string path, string real, ElfInfo elf)
        {
            if (elf.Problem != null) Output.Warn($"{path} is a malformed ELF file: {elf.Problem}");
            if (!elf.IsX86_64)
            {
                // A header too short to tell the machine was reported just above.
                if (elf.Problem == null)
                    Output.Warn($"{path} is not an x86-64 program ({elf.Describe()}); its interpreter and libraries are not resolved");
                return;
            }
            if (elf.Type is not (ElfTypeExec or ElfTypeDyn))
            {
                Output.Warn($"{path} is an ELF file but not a program (e_type {elf.Type}); execve fails with ENOEXEC");
                return;
            }
            // No PT_INTERP: static (or static-pie); the kernel maps nothing else and no loader runs.
            if (elf.Interpreter is not { } interp) return;
            string interpPath = Absolute(interp);
            BoundedFile file;
            try
            {
                file = BoundedFile.Open(interpPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Output.Warn($"the ELF interpreter {interp} of {path} cannot be opened: {e.Message}");
                return;
            }
            ElfInfo? loader;
            using (file) loader = ElfReader.Read(file);
            string interpReal = Output.AddExecutable(interpPath) ?? interpPath;
            if (loader == null || !loader.IsX86_64)
            {
                Output.Warn($"the ELF interpreter {interp} of {path} is not an x86-64 ELF file; libraries are not resolved");
                return;
            }
            if (loader.Problem != null) Output.Warn($"the ELF interpreter {interp} is a malformed ELF file: {loader.Problem}");
            DynamicLoader.AddDependencies(Output, real, elf, interpPath, interpReal, loader);
        }

        void Script(string path, byte[] head, int depth, int envHops)
        {
            if (Shebang.Parse(head, out var problem) is not var (interp, argument))
            {
                Output.Warn($"{path}: {problem}; execve fails with ENOEXEC");
                return;
            }
            if (depth >= MaxRewrites)
            {
                Output.Warn($"{path}: too many levels of #! interpreters; execve fails with ELOOP");
                return;
            }
            string interpPath = Absolute(interp);
            Exec(interpPath, depth + 1, envHops, $"the #! interpreter of {path},");

            // env execs its command through execvp: a fresh execve, found on the PATH the program will have.
            if (argument == null || Path.GetFileName(interpPath) != "env") return;
            if (EnvCommand.Find(argument) is not { } command)
            {
                Output.Warn($"{path}: cannot tell which program \"{interp} {argument}\" runs");
                return;
            }
            if (envHops >= MaxEnvHops)
            {
                Output.Warn($"{path}: more than {MaxEnvHops} nested #!{interp} programs; stopped following them");
                return;
            }
            if (FindOnPath(command) is not { } found)
            {
                Output.Warn($"{command}, run by \"#!{interp} {argument}\" in {path}, is not on PATH " +
                    $"({pathVariable ?? DefaultExecvpPath})");
                return;
            }
            Exec(found, 0, envHops + 1, $"{command}, run by {interp} for {path},");
        }

        /// <summary>execvp's search: a name with a slash is a path; otherwise the first executable regular file in
        /// the PATH directories (empty entries mean the current directory).</summary>
        string? FindOnPath(string command)
        {
            if (command.Contains('/')) return Absolute(command);
            foreach (var dir in (pathVariable ?? DefaultExecvpPath).Split(':'))
            {
                string candidate = Absolute(dir.Length == 0 ? command : $"{dir.TrimEnd('/')}/{command}");
                if (File.Exists(candidate) && Native.Libc.Access(candidate, Native.Libc.X_OK) == 0) return candidate;
            }
            return null;
        }
    }

    /// <summary>Absolute without normalising: ".." must be resolved physically, through symlinks, later.</summary>
    static string Absolute(string path) =>
        path.StartsWith('/') ? path : Environment.CurrentDirectory.TrimEnd('/') + "/" + path;
}
