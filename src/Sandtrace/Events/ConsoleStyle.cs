namespace Sandtrace.Events;

/// <summary>ANSI colours for the live trace, or none: colours only on a terminal, never with --no-color or
/// NO_COLOR set (https://no-color.org).</summary>
internal sealed class ConsoleStyle(bool enabled)
{
    public bool Enabled { get; } = enabled;
    public string Reset => Enabled ? "\e[0m" : "";
    public string Dim => Enabled ? "\e[2m" : "";
    public string Bold => Enabled ? "\e[1m" : "";
    public string Red => Enabled ? "\e[31m" : "";
    public string BoldRed => Enabled ? "\e[1;31m" : "";
    public string Green => Enabled ? "\e[32m" : "";
    public string Yellow => Enabled ? "\e[33m" : "";
    public string Blue => Enabled ? "\e[34m" : "";
    public string Magenta => Enabled ? "\e[35m" : "";
    public string Cyan => Enabled ? "\e[36m" : "";

    public static bool ShouldColor(bool noColorFlag, bool isTerminal, string? noColorEnv) =>
        !noColorFlag && isTerminal && string.IsNullOrEmpty(noColorEnv);
}
