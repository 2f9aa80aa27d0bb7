using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>Plain libc imports for calls made outside the raw-cloned child.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", EntryPoint = "wait4", SetLastError = true)]
    public static partial int Wait4(int pid, int* status, int options, void* rusage);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEgid();

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Access(string path, int mode);

    public const int X_OK = 1;

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint p);

    /// <summary>realpath(3): every symlink and ".." resolved; null if the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        nint p = RealPathNative(path, 0);
        if (p == 0) return null;
        try { return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }
}
