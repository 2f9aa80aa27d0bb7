using System.Runtime.InteropServices;
using System.Text;

namespace Sandtrace.Native;

/// <summary>
/// Unmanaged memory for everything the raw-cloned child reads (strings, argv arrays, structs). The child gets a
/// copy-on-write image at clone time, so the parent may free the arena once the clone has returned.
/// </summary>
internal sealed unsafe class UnmanagedArena : IDisposable
{
    readonly List<nint> _blocks = new();

    public void* Alloc(int bytes)
    {
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
    }
}
