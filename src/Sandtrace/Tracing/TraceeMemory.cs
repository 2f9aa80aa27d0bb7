using Sandtrace.Native;

namespace Sandtrace.Tracing;

/// <summary>Reads a stopped tracee's memory with process_vm_readv: one syscall per page touched, no ptrace
/// PEEK loop, no allocation per read.</summary>
internal sealed unsafe class TraceeMemory : ITraceeMemory
{
    const int Page = 4096;

    // Path arguments read at a call's entry (the deny-rule check) are remembered until that task's next entry, so
    // decoding the call at its exit reads them from here instead of from the tracee again (one process_vm_readv less
    // per path call; and, as strace does, the event shows the path as it was when the call began). Direct-mapped by
    // pid, two strings per task (rename, link); a buffer is allocated the first time its slot is used.
    const int MemoTasks = 16, MemoPerTask = 2;
    readonly (int Pid, ulong Addr, int Length, bool Truncated)[] _memo = new (int, ulong, int, bool)[MemoTasks * MemoPerTask];
    readonly byte[]?[] _memoBytes = new byte[MemoTasks * MemoPerTask][];

    /// <summary>A new call of <paramref name="pid"/> begins: what was remembered for the previous one is stale.</summary>
    public void ForgetCall(int pid)
    {
        int slot = (int)((uint)pid % MemoTasks) * MemoPerTask;
        for (int i = slot; i < slot + MemoPerTask; i++)
            if (_memo[i].Pid == pid) _memo[i].Pid = 0;
    }

    /// <summary><see cref="ReadCString"/>, remembering the string for the exit of the same call.</summary>
    public int ReadCStringAtEntry(int pid, ulong addr, Span<byte> dst, out bool truncated)
    {
        int n = ReadCString(pid, addr, dst, out truncated);
        if (n < 0) return n;
        int slot = (int)((uint)pid % MemoTasks) * MemoPerTask;
        int i = _memo[slot].Pid == pid && _memo[slot].Addr != addr ? slot + 1 : slot;
        var bytes = _memoBytes[i] ??= new byte[DecodedArgs.MaxStringBytes];
        int keep = Math.Min(n, bytes.Length);
        dst[..keep].CopyTo(bytes);
        _memo[i] = (pid, addr, keep, truncated || keep < n);
        return n;
    }

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
        int slot = (int)((uint)pid % MemoTasks) * MemoPerTask;
        for (int i = slot; i < slot + MemoPerTask; i++)
        {
            var m = _memo[i];
            if (m.Pid != pid || m.Addr != addr || m.Length > dst.Length) continue;
            _memoBytes[i].AsSpan(0, m.Length).CopyTo(dst);
            truncated = m.Truncated;
            return m.Length;
        }
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
