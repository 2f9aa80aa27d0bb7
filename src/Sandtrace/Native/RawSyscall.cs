using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// libc's variadic <c>long syscall(long nr, ...)</c> through unmanaged function pointers, no marshalling stubs.
/// <see cref="Fast"/> skips the GC transition: it is the only kind of call the raw-cloned child may make (it
/// must never enter the runtime), and it suits short non-blocking calls. Blocking calls use <see cref="Slow"/>.
/// </summary>
internal static unsafe class RawSyscall
{
    static readonly nint Libc = NativeLibrary.Load("libc.so.6");

    public static readonly delegate* unmanaged[SuppressGCTransition]<long, long, long, long, long, long, long, long> Fast =
        (delegate* unmanaged[SuppressGCTransition]<long, long, long, long, long, long, long, long>)NativeLibrary.GetExport(Libc, "syscall");

    public static readonly delegate* unmanaged<long, long, long, long, long, long, long, long> Slow =
        (delegate* unmanaged<long, long, long, long, long, long, long, long>)NativeLibrary.GetExport(Libc, "syscall");

    /// <summary>
    /// glibc's <c>vfork()</c>. It pops its return address into a register before the system call and pushes it back
    /// after, so a child running on the caller's stack until its execve cannot make the parent return to the wrong
    /// place, as a vfork through <c>syscall()</c> would (that return address sits where the child's next call writes).
    /// </summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<int> Vfork =
        (delegate* unmanaged[SuppressGCTransition]<int>)NativeLibrary.GetExport(Libc, "vfork");

    public static readonly delegate* unmanaged[SuppressGCTransition]<int*> ErrnoLocation =
        (delegate* unmanaged[SuppressGCTransition]<int*>)NativeLibrary.GetExport(Libc, "__errno_location");

    public static int Errno => *ErrnoLocation();

    /// <summary>A non-blocking syscall; returns the result, or -errno on failure (kernel convention).</summary>
    public static long Call(long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0, long f = 0)
    {
        long r = Fast(nr, a, b, c, d, e, f);
        return r == -1 ? -Errno : r;
    }

    /// <summary>A syscall that may block (wait4, read on a pipe); returns the result or -errno.</summary>
    public static long CallBlocking(long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0, long f = 0)
    {
        long r = Slow(nr, a, b, c, d, e, f);
        return r == -1 ? -Errno : r;
    }
}
