namespace Sandtrace.Toml;

/// <summary>One key of a table with where that key was written (the value has its own position).</summary>
public readonly record struct TomlTableEntry(string Key, TomlPosition KeyPosition, TomlValue Value);
