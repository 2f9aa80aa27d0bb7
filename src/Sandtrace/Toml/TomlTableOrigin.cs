namespace Sandtrace.Toml;

/// <summary>How a table came into being. TOML's redefinition rules depend on it, see TomlTableBuilder.</summary>
public enum TomlTableOrigin : byte
{
    /// <summary>The document's root table.</summary>
    Root,
    /// <summary>Created only as a parent of a header ([a.b] creates a); may still be defined once.</summary>
    Implicit,
    /// <summary>Defined by a [header].</summary>
    Header,
    /// <summary>Created by dotted keys (a.b = 1 creates a).</summary>
    DottedKey,
    /// <summary>An inline table { ... }: complete once written.</summary>
    Inline,
    /// <summary>An element appended by an [[array-of-tables]] header.</summary>
    ArrayElement,
}
