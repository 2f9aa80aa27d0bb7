using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>Reads a stopped tracee's memory with process_vm_readv: one syscall per page touched, no ptrace
/// PEEK loop, no allocation.</summary>
internal sealed unsafe class TraceeMemory : ITraceeMemory
{
    const int Page = 4096;

    public int Read(int pid, ulong addr, Span<byte> dst)
    {
        if (addr == 0 || dst.IsEmpty) return -1;
        fixed (byte* p = dst)
        {
            long* iov = stackalloc long[4];
            iov[0] = (long)p; iov[1] = dst.Length;
            iov[2] = (long)addr; iov[3] = dst.Length;
            long r = RawSyscall.Call(Sys.process_vm_readv, pid, (long)iov, 1, (long)(iov + 2), 1, 0);
            if (r > 0) return (int)r;
        }
        return -1;
    }

    public int ReadCString(int pid, ulong addr, Span<byte> dst, out bool truncated)
    {
        truncated = false;
        if (addr == 0) return -1;
        int got = 0;
        fixed (byte* p = dst)
        {
            long* iov = stackalloc long[4];
            while (got < dst.Length)
            {
                ulong a = addr + (ulong)got;
                // Never ask across a page boundary: the next page may be unmapped while the string ends before it.
                int chunk = (int)Math.Min(Page - (long)(a & (Page - 1)), dst.Length - got);
                iov[0] = (long)(p + got); iov[1] = chunk;
                iov[2] = (long)a; iov[3] = chunk;
                long r = RawSyscall.Call(Sys.process_vm_readv, pid, (long)iov, 1, (long)(iov + 2), 1, 0);
                if (r <= 0) return got > 0 ? got : -1;
                int nul = dst.Slice(got, (int)r).IndexOf((byte)0);
                if (nul >= 0) return got + nul;
                got += (int)r;
            }
        }
        truncated = true;
        return got;
    }
}
