namespace Sandtrace.Tracing;

/// <summary>Formats the file-related argument kinds shared by several syscalls: open flags, creation modes,
/// access(2) modes and mknod(2) file modes.</summary>
internal static class FileArgs
{
    /// <summary>open flags: the access mode first ("O_RDONLY"), then the other flags.</summary>
    public static void AddOpenFlags(in DecodeContext c, string name, ulong flags)
    {
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol(name);
        SymbolFormat.AppendEnum(w, FileConstants.OpenAccessModes, flags & FileConstants.O_ACCMODE);
        SymbolFormat.AppendFlags(w, FileConstants.OpenFlags, flags & ~(ulong)FileConstants.O_ACCMODE, separate: true);
        w.End();
    }

    /// <summary>The mode of open/openat/openat2, which the kernel only uses (so we only show) with O_CREAT or
    /// O_TMPFILE.</summary>
    public static void AddCreateMode(in DecodeContext c, ulong flags, ulong mode)
    {
        if ((flags & (FileConstants.O_CREAT | FileConstants.O_TMPFILE_BIT)) != 0) c.AddOctal("mode", mode);
    }

    /// <summary>access(2) mode: "F_OK" for 0, else "R_OK|W_OK|X_OK" bits.</summary>
    public static void AddAccessMode(in DecodeContext c, string name, uint mode)
    {
        if (mode == 0) { c.Into.AddSymbol(name, "F_OK"); return; }
        c.AddFlags(name, FileConstants.AccessModes, mode);
    }

    /// <summary>A mode that may carry a file type (mknod): "S_IFCHR|0600", or just "0600" without a type.</summary>
    public static void AddFileMode(in DecodeContext c, string name, uint mode)
    {
        uint type = mode & FileConstants.S_IFMT;
        if (type == 0) { c.AddOctal(name, mode); return; }
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol(name);
        SymbolFormat.AppendEnum(w, FileConstants.FileTypes, type, hex: true);
        w.Append('|');
        w.AppendNumber(mode & ~FileConstants.S_IFMT, 8);
        w.End();
    }
}
