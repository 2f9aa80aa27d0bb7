namespace Sandtrace.Sandbox;

/// <summary>What the kernel and the dynamic loader read from one ELF file to start it or map it.</summary>
internal sealed class ElfInfo
{
    public const byte ClassElf64 = 2, DataLittleEndian = 1;
    public const ushort MachineX86_64 = 62;

    public byte Class { get; init; }
    public byte Data { get; init; }
    public ushort Machine { get; init; }
    public ushort Type { get; init; }

    /// <summary>PT_INTERP: the program the kernel maps to run this one (the dynamic loader); null for static files.</summary>
    public string? Interpreter { get; set; }
    /// <summary>DT_NEEDED entries in file order (the loader's breadth-first order depends on it).</summary>
    public List<string> Needed { get; } = [];
    public string? Soname { get; set; }
    public string? RPath { get; set; }
    public string? RunPath { get; set; }
    /// <summary>DF_1_NODEFLIB: the loader skips ld.so.cache and the default directories for this object's needs.</summary>
    public bool NoDefaultLib { get; set; }

    /// <summary>Why parsing stopped early (truncated or inconsistent file); what was read before stays valid.</summary>
    public string? Problem { get; set; }

    /// <summary>The only kind of object we follow: the loader skips files of another class or machine.</summary>
    public bool IsX86_64 => Class == ClassElf64 && Data == DataLittleEndian && Machine == MachineX86_64;

    /// <summary>RPATH counts only when there is no RUNPATH (glibc drops DT_RPATH when both are present).</summary>
    public string? EffectiveRPath => RunPath == null ? RPath : null;

    public string Describe() =>
        $"ELF class {(Class == 1 ? "32" : Class == 2 ? "64" : Class.ToString())}-bit, " +
        $"{(Data == 1 ? "little" : Data == 2 ? "big" : "unknown")}-endian, machine {Machine}";
}
