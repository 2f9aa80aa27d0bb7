namespace Sandtrace.Native;

/// <summary>
/// Descriptor 2 as a write-only stream: write(2) at the descriptor's own position (a FileStream would pwrite at its
/// own offset and overwrite earlier output when stderr is a file). Not <see cref="Console.OpenStandardError"/>: its
/// first write initialises .NET's terminal handling, which starts a thread — so sandtrace could not report that it
/// failed to start its own threads (RLIMIT_NPROC reached) — and costs the launch path terminal queries.
/// Like the console, a reader that went away (EPIPE) drops the output instead of failing the run.
/// </summary>
internal sealed unsafe class StandardErrorStream : Stream
{
    const int Fd = 2, EINTR = 4, EAGAIN = 11, EPIPE = 32;
    const short POLLOUT = 4;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                long r = RawSyscall.Call(Sys.write, Fd, (long)(p + done), data.Length - done);
                if (r >= 0) { done += (int)r; continue; }
                switch ((int)-r)
                {
                    case EINTR: continue;
                    case EAGAIN: WaitWritable(); continue;   // someone handed sandtrace a non-blocking stderr
                    case EPIPE: return;
                    default: throw new IOException($"cannot write to standard error: {Errno.Describe((int)-r)}");
                }
            }
        }
    }

    static void WaitWritable()
    {
        long pollfd = Fd | ((long)POLLOUT << 32);   // struct pollfd { int fd; short events; short revents; }
        RawSyscall.Call(Sys.poll, (long)&pollfd, 1, -1);
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
