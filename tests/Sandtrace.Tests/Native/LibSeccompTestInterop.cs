using System.Runtime.InteropServices;

namespace Sandtrace.Tests.Native;

/// <summary>libseccomp's own syscall tables, used only by tests to cross-check ours.</summary>
internal static partial class LibSeccompTestInterop
{
    // libseccomp's arch tokens are AUDIT_ARCH values; x32 is x86_64 without __AUDIT_ARCH_64BIT.
    public const uint ScmpArchX86_64 = 0xC000003E;
    public const uint ScmpArchX86 = 0x40000003;
    public const uint ScmpArchX32 = 0x4000003E;

    /// <summary>libseccomp's name for a syscall number, or null if it knows none.</summary>
    public static string? ResolveNum(uint arch, int nr)
    {
        nint name = seccomp_syscall_resolve_num_arch(arch, nr);
        if (name == 0) return null;
        try { return Marshal.PtrToStringUTF8(name); }
        finally { free(name); } // the name is malloc'd by libseccomp
    }

    /// <summary>The loaded libseccomp's version, "major.minor.micro".</summary>
    public static unsafe string Version()
    {
        uint* v = (uint*)seccomp_version();   // const struct scmp_version { unsigned int major, minor, micro; } *
        return v == null ? "unknown" : $"{v[0]}.{v[1]}.{v[2]}";
    }

    [LibraryImport("libseccomp.so.2")]
    private static partial nint seccomp_version();

    [LibraryImport("libseccomp.so.2")]
    private static partial nint seccomp_syscall_resolve_num_arch(uint arch_token, int num);

    [LibraryImport("libc.so.6")]
    private static partial void free(nint ptr);
}
