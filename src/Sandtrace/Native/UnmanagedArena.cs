using System.Runtime.InteropServices;
using System.Text;

namespace Sandtrace.Native;

/// <summary>
/// Unmanaged memory for everything the raw-cloned child reads (strings, argv arrays, structs). Private (the default):
/// blocks from the C heap; a child cloned afterwards gets a copy-on-write image, so the parent may free the arena once
/// the clone has returned. <see cref="Shared"/>: one MAP_SHARED mapping made before the clone, so what the parent
/// writes into it after the clone is what the child reads (the sandbox is cloned while its program is still being
/// planned). The parent must unmap it only after the child has read everything it needs.
/// </summary>
internal sealed unsafe class UnmanagedArena : IDisposable
{
    const long PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 0x01, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;

    readonly List<nint> _blocks = new();
    byte* _shared;
    long _capacity, _used;

    public UnmanagedArena() { }

    /// <summary>A shared arena of <paramref name="capacity"/> bytes of address space; pages cost memory only once written.</summary>
    public static UnmanagedArena Shared(long capacity)
    {
        long p = RawSyscall.Call(Sys.mmap, 0, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p < 0 && p > -4096) throw new OutOfMemoryException($"cannot map {capacity} bytes of shared memory: {Errno.Describe((int)-p)}");
        return new UnmanagedArena { _shared = (byte*)p, _capacity = capacity };
    }

    public void* Alloc(int bytes)
    {
        if (_shared != null)
        {
            long start = (_used + 15) & ~15L;
            long end = start + Math.Max(bytes, 1);
            if (end > _capacity)
                throw new OutOfMemoryException($"the sandbox's setup program needs more than {_capacity >> 20} MiB");
            _used = end;
            return _shared + start;   // fresh shared pages are zero-filled and never reused
        }
        void* p = NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1));
        _blocks.Add((nint)p);
        return p;
    }

    public T* Alloc<T>() where T : unmanaged => (T*)Alloc(sizeof(T));

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="s"/>.</summary>
    public byte* CString(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)Alloc(n + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        return p;
    }

    /// <summary>A NULL-terminated array of C strings (argv / envp layout).</summary>
    public byte** CStringArray(IReadOnlyList<string> items)
    {
        byte** a = (byte**)Alloc((items.Count + 1) * sizeof(nint));
        for (int i = 0; i < items.Count; i++) a[i] = CString(items[i]);
        return a;
    }

    public void Dispose()
    {
        foreach (var p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
        if (_shared != null) RawSyscall.Call(Sys.munmap, (long)_shared, _capacity);
        _shared = null;
    }
}
