using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>
/// Starts a thread with pthread_create and runs managed code on it (the runtime attaches it at the first call).
/// Unlike <see cref="Thread.Start()"/>, the caller does not wait for the thread to run: under NativeAOT that wait is a
/// sched_yield loop — ~1,100 calls and 75–140 us on the launch path, measured — while the new thread starts up on the
/// other CPU. The thread is detached; it ends when <c>body</c> returns.
/// </summary>
internal static unsafe partial class NativeThread
{
    [LibraryImport("libc", EntryPoint = "pthread_attr_init")]
    private static partial int AttrInit(void* attr);

    [LibraryImport("libc", EntryPoint = "pthread_attr_setstacksize")]
    private static partial int AttrSetStackSize(void* attr, nuint size);

    [LibraryImport("libc", EntryPoint = "pthread_attr_setdetachstate")]
    private static partial int AttrSetDetachState(void* attr, int state);

    [LibraryImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static partial int AttrDestroy(void* attr);

    [LibraryImport("libc", EntryPoint = "pthread_create")]
    private static partial int Create(ulong* thread, void* attr, delegate* unmanaged<nint, nint> start, nint arg);

    const int PTHREAD_CREATE_DETACHED = 1;
    const int PR_SET_NAME = 15;
    const int AttrBytes = 64;   // sizeof(pthread_attr_t) is 56 on x86_64 glibc

    sealed record Start(Action Body, string Name);

    /// <summary>Runs <paramref name="body"/> on a new thread named <paramref name="name"/> (at most 15 bytes, as
    /// /proc/PID/task/TID/comm shows it). <paramref name="body"/> must not throw: it owns its errors.
    /// Throws <see cref="ThreadCreationError"/> when the thread cannot be made (e.g. RLIMIT_NPROC reached).</summary>
    public static void Run(Action body, string name, int stackBytes)
    {
        byte* attr = stackalloc byte[AttrBytes];
        int r = AttrInit(attr);
        if (r != 0) throw new ThreadCreationError($"cannot start the {name} thread (pthread_attr_init: {Errno.Describe(r)})");
        var handle = GCHandle.Alloc(new Start(body, name));
        try
        {
            if ((r = AttrSetStackSize(attr, (nuint)stackBytes)) != 0 || (r = AttrSetDetachState(attr, PTHREAD_CREATE_DETACHED)) != 0)
                throw new ThreadCreationError($"cannot start the {name} thread (pthread_attr: {Errno.Describe(r)})");
            ulong thread;
            if ((r = Create(&thread, attr, &Entry, GCHandle.ToIntPtr(handle))) != 0)
                throw new ThreadCreationError($"cannot start the {name} thread (pthread_create: {Errno.Describe(r)})");
        }
        catch
        {
            handle.Free();
            throw;
        }
        finally
        {
            AttrDestroy(attr);
        }
    }

    [UnmanagedCallersOnly]
    static nint Entry(nint arg)
    {
        var handle = GCHandle.FromIntPtr(arg);
        var start = (Start)handle.Target!;
        handle.Free();
        SetName(start.Name);
        start.Body();
        return 0;
    }

    [SkipLocalsInit]
    static void SetName(string name)
    {
        byte* comm = stackalloc byte[16];
        int n = System.Text.Encoding.UTF8.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), new Span<byte>(comm, 15));
        comm[n] = 0;
        RawSyscall.Call(Sys.prctl, PR_SET_NAME, (long)comm);
    }
}

/// <summary>A thread could not be created; the message names the thread and the libc error.</summary>
internal sealed class ThreadCreationError(string message) : Exception(message);
