namespace Sandtrace.Sandbox;

/// <summary>
/// Computes the <see cref="FilesystemView"/>: canonical roots (missing paths warned about and skipped, symlinks
/// resolved and recreated), nested binds ordered parent-first, the program's own files (interpreter, libraries) added
/// so nobody has to list ld-linux by hand, and existing deny-rule matches under allowed paths masked.
/// </summary>
internal static class FilesystemViewBuilder
{
    // Trees too large to walk for "**" deny patterns on every launch; files created there at run time are still
    // caught by the tracer's deny check.
    static readonly string[] UnwalkedTrees = ["/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/sys", "/dev"];
    // Existing matches are masked in the kernel's view; the tracer refuses every match when it is named anyway, so
    // the walk is bounded in entries and time rather than allowed to delay the start of a run.
    const int WalkLimit = 50_000;
    static readonly TimeSpan WalkBudget = TimeSpan.FromMilliseconds(300);

    /// <param name="realPaths">Resolves (and remembers) names; the planner shares the one of the program's closure.</param>
    public static FilesystemView Build(IEnumerable<string> read, IEnumerable<string> write, IEnumerable<string> programFiles,
        IEnumerable<string> deny, RealPath? realPaths = null)
    {
        var warnings = new List<string>();
        var links = new List<(string, string)>();
        var chain = new PathChain(realPaths ?? new RealPath());
        var readRoots = Canonical(chain, read, links, warnings, "allow_read");
        var writeRoots = Canonical(chain, write, links, warnings, "allow_write");
        foreach (var f in programFiles)
            if (chain.Resolve(f, links) is string real && !readRoots.Contains(real)) readRoots.Add(real);

        writeRoots = Minimal(writeRoots);
        // A read root inside a write root adds nothing; a write root inside a read root is bound on top of it.
        readRoots.RemoveAll(r => PathChain.IsUnderAny(r, writeRoots));
        readRoots = Minimal(readRoots);
        var roots = new List<string>(readRoots);
        roots.AddRange(writeRoots);

        // Plain loops and sorts: LINQ's OrderBy().ThenBy() is a generic virtual call NativeAOT resolves at run time
        // (~0.15 ms of every start in perf). Parents before children; paths are unique, so the order is total.
        var binds = new List<BindMount>(roots.Count);
        foreach (var r in readRoots) binds.Add(new BindMount(r, false, Directory.Exists(r)));
        foreach (var w in writeRoots) binds.Add(new BindMount(w, true, Directory.Exists(w)));
        binds.Sort((x, y) => Depth(x.Path) != Depth(y.Path) ? Depth(x.Path).CompareTo(Depth(y.Path)) : string.CompareOrdinal(x.Path, y.Path));
        // Links outside every bind (inside one they already exist), shallow first, otherwise in the order met.
        var seen = new HashSet<(string, string)>();
        var kept = new List<(int Index, (string, string) Link)>();
        foreach (var l in links)
            if (seen.Add(l) && !PathChain.IsUnderAny(l.Item1, roots)) kept.Add((kept.Count, l));
        kept.Sort((x, y) => Depth(x.Link.Item1) != Depth(y.Link.Item1) ? Depth(x.Link.Item1).CompareTo(Depth(y.Link.Item1)) : x.Index.CompareTo(y.Index));
        var symlinks = kept.ConvertAll(k => k.Link);
        var masks = Masks(chain, deny, roots, warnings);
        return new FilesystemView(binds, symlinks, masks, readRoots, writeRoots, warnings);
    }

    static int Depth(string path)
    {
        int n = 0;
        foreach (char c in path) if (c == '/') n++;
        return n;
    }

    static List<string> Canonical(PathChain chain, IEnumerable<string> paths, List<(string, string)> links, List<string> warnings, string key)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (chain.Resolve(p, links) is string real) { if (!result.Contains(real)) result.Add(real); }
            else warnings.Add($"{key}: {p} does not exist; skipped");
        }
        return result;
    }

    /// <summary>Drops roots already covered by another root of the same kind.</summary>
    static List<string> Minimal(List<string> roots)
    {
        var result = new List<string>();
        foreach (var r in roots)
        {
            bool covered = false;
            foreach (var o in roots) if (o != r && PathChain.IsUnder(r, o)) { covered = true; break; }
            if (!covered && !result.Contains(r)) result.Add(r);
        }
        return result;
    }

    static List<(string, bool, string)> Masks(PathChain chain, IEnumerable<string> deny, List<string> roots, List<string> warnings)
    {
        var masks = new List<(string, bool, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in deny)
        {
            foreach (var match in Matches(rule, roots, warnings))
            {
                string? real = chain.Resolve(match);   // a masked path's links are not recreated in the view
                if (real == null || !PathChain.IsUnderAny(real, roots) || !seen.Add(real)) continue;
                masks.Add((real, Directory.Exists(real), rule));
            }
        }
        return masks;
    }

    static IEnumerable<string> Matches(string rule, List<string> roots, List<string> warnings)
    {
        if (!Policy.PolicyPaths.HasWildcards(rule))
        {
            if (Native.PathStat.Exists(rule)) yield return rule;
            yield break;
        }
        var glob = new DenyGlob(rule);
        int visited = 0;
        bool stopped = false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var root in glob.SearchRoots(roots))
        {
            if (stopped || !Directory.Exists(root) || PathChain.IsUnderAny(root, UnwalkedTrees)) continue;
            // One readdir pass with the kernel's d_type: no stat per entry; symlinks are not followed, matches and
            // system trees are not descended into.
            var walk = new System.IO.Enumeration.FileSystemEnumerable<string>(root,
                (ref System.IO.Enumeration.FileSystemEntry e) => e.ToFullPath(),
                new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false })
            {
                ShouldRecursePredicate = (ref System.IO.Enumeration.FileSystemEntry e) =>
                {
                    if ((e.Attributes & FileAttributes.ReparsePoint) != 0) return false;
                    string full = e.ToFullPath();
                    return glob.CanMatchBelow(full) && !glob.IsMatch(full) && !UnwalkedTrees.Contains(full);
                },
            };
            foreach (var entry in walk)
            {
                if (++visited > WalkLimit || (visited % 1024 == 0 && clock.Elapsed > WalkBudget))
                {
                    warnings.Add($"deny {rule}: stopped looking for existing matches after {visited} entries; " +
                        "matches beyond are still refused by the tracer when they are named");
                    stopped = true;
                    break;
                }
                if (glob.IsMatch(entry)) yield return entry;
            }
        }
    }
}
