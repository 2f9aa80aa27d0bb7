namespace Sandtrace.Tracing;

/// <summary>Formats clock ids: a named POSIX clock, or the (often negative) number of a dynamic or CPU clock.</summary>
internal static class ClockArgs
{
    public static void AddClockId(in DecodeContext c, string name, int clockId)
    {
        string? known = clockId >= 0 ? SymbolFormat.Find(ProcessConstants.ClockIds, (ulong)clockId) : null;
        DecodedArgs.SymbolWriter w = c.Into.BeginSymbol(name);
        if (known != null) w.Append(known);
        else w.AppendSigned(clockId);
        w.End();
    }
}
