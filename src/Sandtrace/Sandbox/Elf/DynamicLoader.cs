namespace Sandtrace.Sandbox;

/// <summary>
/// Replays, without running anything, how x86-64 glibc's ld.so finds the shared objects of one program
/// (elf/dl-load.c, elf/dl-deps.c): breadth-first over DT_NEEDED, each name searched in
/// <list type="number">
/// <item>the DT_RPATH of the object that needs it, of the object that loaded that one, and so on up to the program,
/// then the program's own — all skipped when the needing object has DT_RUNPATH;</item>
/// <item>LD_LIBRARY_PATH — deliberately ignored: the sandbox's environment, not ours, decides it, and a closure
/// that depended on the caller's variable would silently differ between runs;</item>
/// <item>the DT_RUNPATH of the needing object only;</item>
/// <item>/etc/ld.so.cache, then the default directories — both skipped for a DF_1_NODEFLIB object.</item>
/// </list>
/// In each directory the glibc-hwcaps (x86-64-v2..v4) and legacy hwcap subdirectories come first; which of them the
/// loader takes depends on the CPU, so every existing variant is included and the search goes on to the plain file.
/// A name already loaded (as a DT_NEEDED name or a DT_SONAME, the loader's own name included) is not searched again.
/// </summary>
internal sealed class DynamicLoader
{
    /// <summary>The default directories of Debian's and Fedora's x86-64 glibc, merged.</summary>
    static readonly string[] DefaultDirs =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];
    /// <summary>Possible AT_PLATFORM / glibc platform names on x86-64 ($PLATFORM and legacy hwcap subdirectories).</summary>
    static readonly string[] Platforms = ["haswell", "xeon_phi", "x86_64"];
    /// <summary>Real programs map a few hundred objects at most; the cap bounds work on hostile input.</summary>
    const int MaxObjects = 4096;

    readonly ClosureBuilder _out;
    readonly string _lib;
    readonly Dictionary<string, IReadOnlyList<string>> _hwcapDirs = new(StringComparer.Ordinal);

    sealed class LoadedObject(string path, string real, string origin, ElfInfo elf, LoadedObject? loader)
    {
        public string Path { get; } = path;
        /// <summary>The real path: names the object in warnings (the found path may read "bin/../lib/…").</summary>
        public string Real { get; } = real;
        /// <summary>$ORIGIN: the directory of the path the object was opened by.</summary>
        public string Origin { get; } = origin;
        public ElfInfo Elf { get; } = elf;
        /// <summary>The object whose DT_NEEDED brought this one in; its DT_RPATH is searched too.</summary>
        public LoadedObject? Loader { get; } = loader;
    }

    readonly record struct Candidate(string Path, string Real, ElfInfo Elf, bool IsVariant);

    DynamicLoader(ClosureBuilder output, string lib) => (_out, _lib) = (output, lib);

    /// <summary>Adds to <paramref name="output"/> every object the loader maps for a program whose real path is
    /// <paramref name="programReal"/> (its $ORIGIN comes from /proc/self/exe, a real path) and whose PT_INTERP
    /// resolved to <paramref name="interpreterReal"/>.</summary>
    public static void AddDependencies(ClosureBuilder output, string programReal, ElfInfo program,
        string interpreterPath, string interpreterReal, ElfInfo? interpreter)
    {
        output.AddCacheFile();
        var loader = new DynamicLoader(output, LibFromInterpreter(interpreterReal));
        loader.Run(new LoadedObject(programReal, programReal, Dir(programReal), program, null), interpreterPath, interpreterReal, interpreter);
    }

    /// <summary>$LIB is glibc's slibdir without the leading "/" (and "/usr"): "lib/x86_64-linux-gnu" on Debian,
    /// "lib64" on Fedora, "lib" on Arch. The loader's own directory is slibdir, so derive it from there.</summary>
    static string LibFromInterpreter(string interpreterReal)
    {
        string dir = Dir(interpreterReal);
        if (dir.StartsWith("/usr/", StringComparison.Ordinal)) dir = dir[4..];
        dir = dir.TrimStart('/');
        return dir.Length == 0 ? "lib64" : dir;
    }

    void Run(LoadedObject main, string interpreterPath, string interpreterReal, ElfInfo? interpreter)
    {
        var byName = new Dictionary<string, LoadedObject>(StringComparer.Ordinal);
        var byReal = new Dictionary<string, LoadedObject>(StringComparer.Ordinal);
        // ld.so is in the link map from the start: libc's DT_NEEDED "ld-linux-x86-64.so.2" matches its SONAME.
        if (interpreter != null)
        {
            var rtld = new LoadedObject(interpreterPath, interpreterReal, Dir(interpreterPath), interpreter, null);
            byName[interpreterPath] = rtld;
            if (interpreter.Soname is { } s) byName.TryAdd(s, rtld);
            byReal[interpreterReal] = rtld;
        }
        byReal[main.Path] = main;

        var queue = new Queue<LoadedObject>();
        queue.Enqueue(main);
        int objects = 1;
        while (queue.Count > 0)
        {
            var obj = queue.Dequeue();
            foreach (var name in obj.Elf.Needed)
            {
                if (byName.ContainsKey(name)) continue;
                var skipped = new List<string>();
                var found = Search(name, obj, main, skipped);
                if (found.Count == 0)
                {
                    string why = skipped.Count == 0 ? "" : $" (skipped: {string.Join("; ", skipped)})";
                    _out.Warn($"library {name} needed by {obj.Real} was not found{why}; the program will not start");
                    continue;
                }
                foreach (var c in found)
                {
                    if (byReal.TryGetValue(c.Real, out var known))
                    {
                        byName.TryAdd(name, known); // same file under another name: the loader reuses it
                        continue;
                    }
                    if (++objects > MaxObjects)
                    {
                        _out.Warn($"more than {MaxObjects} shared objects for {main.Real}; stopped following DT_NEEDED");
                        return;
                    }
                    var lib = new LoadedObject(c.Path, c.Real, Dir(c.Path), c.Elf, obj);
                    byReal[c.Real] = lib;
                    if (c.Elf.Soname is { } soname && !c.IsVariant) byName.TryAdd(soname, lib);
                    _out.AddLibrary(c.Path);
                    if (c.Elf.Problem != null) _out.Warn($"{c.Real} (needed by {obj.Real}) is a malformed ELF file: {c.Elf.Problem}");
                    queue.Enqueue(lib);
                }
                byName.TryAdd(name, byReal[found[^1].Real]); // the plain file, which comes last
            }
        }
    }

    /// <summary>The files the loader may open for <paramref name="needed"/>: hwcap variants, then the plain file.</summary>
    List<Candidate> Search(string needed, LoadedObject requester, LoadedObject main, List<string> skipped)
    {
        var found = new List<Candidate>();
        var names = needed.Contains('$') ? Expand(needed, requester.Origin) : [needed];
        if (names.Count == 0) return found;
        if (names.Any(n => n.Contains('/')))
        {
            // A DT_NEEDED with a slash is a path (relative ones to the working directory), not searched.
            foreach (var n in names)
                if (Probe(Absolute(n), false, skipped) is { } c) { found.Add(c); break; }
            return found;
        }
        string name = names[0];

        if (requester.Elf.RunPath == null)
        {
            bool sawMain = false;
            for (var l = requester; l != null; l = l.Loader)
            {
                sawMain |= l == main;
                if (SearchPathList(l.Elf.EffectiveRPath, l.Origin, name, found, skipped)) return found;
            }
            if (!sawMain && SearchPathList(main.Elf.EffectiveRPath, main.Origin, name, found, skipped)) return found;
        }
        if (SearchPathList(requester.Elf.RunPath, requester.Origin, name, found, skipped)) return found;
        if (requester.Elf.NoDefaultLib) return found;

        foreach (var entry in _out.Cache.Lookup(name))
        {
            if (Probe(entry.Path, entry.IsVariant, skipped) is not { } c) continue;
            found.Add(c);
            if (!c.IsVariant) return found;
        }
        foreach (var dir in DefaultDirs)
            if (SearchDir(dir, name, found, skipped)) return found;
        return found;
    }

    /// <summary>Searches a colon-separated DT_RPATH/DT_RUNPATH; true once the plain file was found.</summary>
    bool SearchPathList(string? list, string origin, string name, List<Candidate> found, List<string> skipped)
    {
        if (list == null) return false;
        foreach (var element in list.Split(':'))
        {
            // An empty element is the working directory, like a relative one (glibc keeps them; so do we).
            var dirs = element.Contains('$') ? Expand(element, origin) : [element];
            foreach (var dir in dirs)
                if (SearchDir(Absolute(dir), name, found, skipped)) return true;
        }
        return false;
    }

    bool SearchDir(string dir, string name, List<Candidate> found, List<string> skipped)
    {
        dir = dir.TrimEnd('/');
        foreach (var sub in HwcapSubdirs(dir))
            if (Probe($"{dir}/{sub}/{name}", true, skipped) is { } v) found.Add(v);
        if (Probe($"{dir}/{name}", false, skipped) is not { } c) return false;
        found.Add(c);
        return true;
    }

    /// <summary>The hwcap subdirectories of <paramref name="dir"/> that exist, in the loader's order of preference.
    /// Only a few stats per directory: a subtree is probed only when its first component exists.</summary>
    IReadOnlyList<string> HwcapSubdirs(string dir)
    {
        if (_hwcapDirs.TryGetValue(dir, out var known)) return known;
        var result = new List<string>();
        if (Directory.Exists(dir + "/glibc-hwcaps"))
            foreach (var level in (string[])["x86-64-v4", "x86-64-v3", "x86-64-v2"])
                if (Directory.Exists($"{dir}/glibc-hwcaps/{level}")) result.Add("glibc-hwcaps/" + level);
        // glibc ≤ 2.36 also tries [tls/][platform/][avx512_1/][x86_64/] below every directory.
        var tops = new HashSet<string>(StringComparer.Ordinal);
        foreach (var top in Platforms.Append("tls").Append("avx512_1"))
            if (Directory.Exists($"{dir}/{top}")) tops.Add(top);
        if (tops.Count > 0)
            foreach (var tls in (string[])["tls", ""])
            foreach (var platform in Platforms.Where(p => p != "x86_64").Append(""))
            foreach (var avx in (string[])["avx512_1", ""])
            foreach (var x86 in (string[])["x86_64", ""])
            {
                var parts = new[] { tls, platform, avx, x86 }.Where(p => p.Length > 0).ToArray();
                if (parts.Length > 0 && tops.Contains(parts[0]) && Directory.Exists($"{dir}/{string.Join('/', parts)}"))
                    result.Add(string.Join('/', parts));
            }
        _hwcapDirs[dir] = result;
        return result;
    }

    /// <summary>A file the loader would accept for mapping (an x86-64 ELF64), or null — with the reason in
    /// <paramref name="skipped"/> when a file was there but unusable (the loader skips those and searches on).</summary>
    Candidate? Probe(string path, bool isVariant, List<string> skipped)
    {
        if (!File.Exists(path)) return null;
        ElfInfo? elf;
        try
        {
            using var file = BoundedFile.Open(path);
            elf = ElfReader.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add($"{path}: {e.Message}");
            return null;
        }
        if (elf == null) { skipped.Add($"{path}: not an ELF file"); return null; }
        if (!elf.IsX86_64) { skipped.Add($"{path}: {elf.Describe()}"); return null; }
        string? real = _out.RealPaths.Resolve(path, new List<string>());
        if (real == null) return null;
        return new Candidate(path, real, elf, isVariant);
    }

    /// <summary>Dynamic string tokens: $ORIGIN/${ORIGIN}, $LIB, $PLATFORM (which can stand for several names, so the
    /// result is a list). Unknown tokens stay as written, as in glibc.</summary>
    List<string> Expand(string s, string origin)
    {
        var results = new List<string> { "" };
        int i = 0;
        while (i < s.Length)
        {
            int dollar = s.IndexOf('$', i);
            if (dollar < 0) { Append(results, s[i..]); break; }
            Append(results, s[i..dollar]);
            int start = dollar + 1, end;
            string token;
            if (start < s.Length && s[start] == '{')
            {
                int close = s.IndexOf('}', start);
                if (close < 0) { Append(results, s[dollar..]); break; }
                token = s[(start + 1)..close];
                end = close + 1;
            }
            else
            {
                end = start;
                while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_')) end++;
                token = s[start..end];
            }
            switch (token)
            {
                case "ORIGIN": Append(results, origin); break;
                case "LIB": Append(results, _lib); break;
                case "PLATFORM":
                    if (results.Count * Platforms.Length <= 27)
                        results = results.SelectMany(r => Platforms.Select(p => r + p)).ToList();
                    else Append(results, "x86_64");
                    break;
                default: Append(results, s[dollar..end]); break;
            }
            i = end;
        }
        return results;
    }

    static void Append(List<string> results, string text)
    {
        for (int k = 0; k < results.Count; k++) results[k] += text;
    }

    /// <summary>Absolute but not normalised: "a/../b" must be resolved physically (through symlinks), later.</summary>
    static string Absolute(string path) =>
        path.StartsWith('/') ? path : path.Length == 0 ? Environment.CurrentDirectory : Environment.CurrentDirectory.TrimEnd('/') + "/" + path;

    static string Dir(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
