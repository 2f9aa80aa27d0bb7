using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// The parts of libseccomp (seccomp.h, v2.5.x) that sandtrace uses to generate its filter. Values checked against
/// /usr/include/seccomp.h of libseccomp-dev 2.5.4. The library is only needed at run time when a filter is built:
/// it is loaded on first use through <see cref="NativeLibrary.TryLoad(string, out nint)"/> and called through
/// unmanaged function pointers (no marshalling stubs, NativeAOT-safe), so a <c>--trace-only</c> run never loads it
/// and a machine without it gets a clear message instead of a <see cref="DllNotFoundException"/>.
/// </summary>
internal static unsafe class LibSeccomp
{
    public const string LibraryName = "libseccomp.so.2";

    // Actions (uint32_t). The low 16 bits of ERRNO/TRACE carry the errno / the tracer's message.
    public const uint SCMP_ACT_KILL_PROCESS = 0x80000000;
    public const uint SCMP_ACT_KILL_THREAD = 0x00000000;
    public const uint SCMP_ACT_TRAP = 0x00030000;
    public const uint SCMP_ACT_LOG = 0x7ffc0000;
    public const uint SCMP_ACT_ALLOW = 0x7fff0000;
    public static uint SCMP_ACT_ERRNO(int errno) => 0x00050000u | ((uint)errno & 0xffffu);
    public static uint SCMP_ACT_TRACE(int message) => 0x7ff00000u | ((uint)message & 0xffffu);

    // enum scmp_filter_attr
    public const int SCMP_FLTATR_ACT_DEFAULT = 1;
    public const int SCMP_FLTATR_ACT_BADARCH = 2;
    public const int SCMP_FLTATR_CTL_NNP = 3;
    public const int SCMP_FLTATR_CTL_TSYNC = 4;
    public const int SCMP_FLTATR_CTL_OPTIMIZE = 8;
    /// <summary>SCMP_FLTATR_CTL_OPTIMIZE level 2: rules sorted into a binary tree by syscall number.</summary>
    public const uint OptimizeBinaryTree = 2;

    // enum scmp_compare
    public const int SCMP_CMP_NE = 1, SCMP_CMP_LT = 2, SCMP_CMP_LE = 3, SCMP_CMP_EQ = 4, SCMP_CMP_GE = 5,
        SCMP_CMP_GT = 6, SCMP_CMP_MASKED_EQ = 7;

    // Architecture tokens: AUDIT_ARCH_* values, except x32 (x86_64 without __AUDIT_ARCH_64BIT).
    public const uint SCMP_ARCH_NATIVE = 0;
    public const uint SCMP_ARCH_X86_64 = 0xC000003E;
    public const uint SCMP_ARCH_X86 = 0x40000003;
    public const uint SCMP_ARCH_X32 = 0x4000003E;

    static readonly Lock s_lock = new();
    static LibSeccompApi? s_api;

    /// <summary>
    /// The library's entry points, loading it on the first call. Returns null with a reason when the library or
    /// one of the functions is missing.
    /// </summary>
    public static LibSeccompApi? TryLoad(out string? error)
    {
        error = null;
        lock (s_lock)
        {
            if (s_api is not null) return s_api;
            if (!NativeLibrary.TryLoad(LibraryName, out nint lib))
            {
                error = $"{LibraryName} not found";
                return null;
            }
            var api = new LibSeccompApi();
            string? missing = null;
            nint Get(string name)
            {
                if (NativeLibrary.TryGetExport(lib, name, out nint p)) return p;
                missing ??= name;
                return 0;
            }
            api.Init = (delegate* unmanaged<uint, nint>)Get("seccomp_init");
            api.Release = (delegate* unmanaged<nint, void>)Get("seccomp_release");
            api.ArchNative = (delegate* unmanaged<uint>)Get("seccomp_arch_native");
            api.AttrSet = (delegate* unmanaged<nint, int, uint, int>)Get("seccomp_attr_set");
            api.RuleAddArray = (delegate* unmanaged<nint, uint, int, uint, ScmpArgCmp*, int>)Get("seccomp_rule_add_array");
            api.ExportBpf = (delegate* unmanaged<nint, int, int>)Get("seccomp_export_bpf");
            if (missing is not null)
            {
                // Keep the handle: the library is already mapped and unloading buys nothing.
                error = $"{LibraryName} has no function {missing} (libseccomp 2.5 or newer is needed)";
                return null;
            }
            return s_api = api;
        }
    }
}

/// <summary>libseccomp's entry points (filled once by <see cref="LibSeccomp.TryLoad"/>). All return 0 or a
/// negative errno, except Init (NULL on failure).</summary>
internal sealed unsafe class LibSeccompApi
{
    /// <summary>scmp_filter_ctx seccomp_init(uint32_t def_action)</summary>
    public delegate* unmanaged<uint, nint> Init;
    /// <summary>void seccomp_release(scmp_filter_ctx)</summary>
    public delegate* unmanaged<nint, void> Release;
    /// <summary>uint32_t seccomp_arch_native(void)</summary>
    public delegate* unmanaged<uint> ArchNative;
    /// <summary>int seccomp_attr_set(scmp_filter_ctx, enum scmp_filter_attr, uint32_t value)</summary>
    public delegate* unmanaged<nint, int, uint, int> AttrSet;
    /// <summary>int seccomp_rule_add_array(ctx, uint32_t action, int syscall, unsigned int arg_cnt,
    /// const struct scmp_arg_cmp *arg_array) — the non-variadic form (variadic calls are not portable from C#).</summary>
    public delegate* unmanaged<nint, uint, int, uint, ScmpArgCmp*, int> RuleAddArray;
    /// <summary>int seccomp_export_bpf(const scmp_filter_ctx, int fd): writes the raw struct sock_filter array.</summary>
    public delegate* unmanaged<nint, int, int> ExportBpf;
}

/// <summary>struct scmp_arg_cmp: 24 bytes (unsigned int, enum, two uint64_t).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScmpArgCmp
{
    /// <summary>Argument index, 0..5.</summary>
    public uint Arg;
    /// <summary>SCMP_CMP_*.</summary>
    public int Op;
    public ulong DatumA;
    public ulong DatumB;
}
