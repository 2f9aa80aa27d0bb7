namespace Sandtrace.Sandbox;

/// <summary>A host path made visible inside the sandbox at the same path.</summary>
internal sealed record BindMount(string Path, bool Writable, bool IsDirectory);

/// <summary>
/// The filesystem the sandbox sees, decided in the parent from the policy and the program's dependencies: what is
/// bound read-only or read-write, which symlinks are recreated, what deny rules mask, and what was skipped.
/// Everything not listed does not exist inside.
/// </summary>
internal sealed record FilesystemView(
    IReadOnlyList<BindMount> Binds,
    IReadOnlyList<(string Link, string Target)> Symlinks,
    IReadOnlyList<(string Path, bool IsDirectory, string Rule)> Masks,
    IReadOnlyList<string> ReadRoots,
    IReadOnlyList<string> WriteRoots,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The rule that makes <paramref name="path"/> visible, or null when it is outside the view.</summary>
    public bool IsVisible(string path) => PathChain.IsUnderAny(path, ReadRoots) || PathChain.IsUnderAny(path, WriteRoots);
    public bool IsWritable(string path) => PathChain.IsUnderAny(path, WriteRoots);
}
