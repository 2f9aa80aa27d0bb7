namespace Sandtrace.Sandbox;

/// <summary>
/// Accumulates an <see cref="ExecutableClosure"/>: ordered, de-duplicated lists where every file appears under the
/// name it was found by and under its real path, plus the symbolic links met on the way from one to the other.
/// </summary>
internal sealed class ClosureBuilder
{
    readonly OrderedSet _executables = new(), _libraries = new(), _symlinks = new(), _warnings = new();
    readonly string _cachePath;
    LdSoCache? _cache;

    public RealPath RealPaths { get; }

    public ClosureBuilder(string cachePath, RealPath? realPaths = null) => (_cachePath, RealPaths) = (cachePath, realPaths ?? new());

    /// <summary>Read on first use: static programs never need it.</summary>
    public LdSoCache Cache => _cache ??= LdSoCache.Load(_cachePath);

    /// <summary>The cache file itself is opened by the loader of every dynamic program.</summary>
    public void AddCacheFile()
    {
        if (File.Exists(_cachePath)) AddLibrary(_cachePath);
    }

    public string? AddExecutable(string asFound) => Add(_executables, asFound);
    public string? AddLibrary(string asFound) => Add(_libraries, asFound);
    public void Warn(string message) => _warnings.Add(message);

    /// <summary>The real path of <paramref name="asFound"/> (null when it does not resolve); records both names and
    /// the links between them.</summary>
    public string? Real(string asFound)
    {
        var links = new List<string>();
        string? real = RealPaths.Resolve(asFound, links);
        foreach (var l in links) _symlinks.Add(l);
        return real;
    }

    string? Add(OrderedSet target, string asFound)
    {
        string? real = Real(asFound);
        if (real == null) return null;
        // A bind-mount target must be a plain absolute path: collapse "//" and "/./" always, and ".." only when the
        // lexical result still names the same file (a ".." after a symlinked directory goes somewhere else).
        string lexical = Path.GetFullPath(asFound);
        if (!asFound.Split('/').Contains("..") || Real(lexical) == real) target.Add(lexical);
        target.Add(real);
        return real;
    }

    public ExecutableClosure Build()
    {
        // A file already listed as an executable (ld.so, also DT_NEEDED by libc) need not be listed twice.
        var libraries = _libraries.Items.Where(l => !_executables.Contains(l)).ToList();
        return new ExecutableClosure(_executables.Items.ToList(), libraries, _warnings.Items.ToList(), _symlinks.Items.ToList());
    }

    sealed class OrderedSet
    {
        readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public List<string> Items { get; } = [];
        public void Add(string s) { if (_seen.Add(s)) Items.Add(s); }
        public bool Contains(string s) => _seen.Contains(s);
    }
}
