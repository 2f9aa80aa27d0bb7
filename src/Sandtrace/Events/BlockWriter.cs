using System.Buffers;
using Sandtrace.Native;

namespace Sandtrace.Events;

/// <summary>
/// Writes filled buffers to a stream on a thread of its own, so the tracer thread does not sit in write(2) (a disk, a
/// pipe to a slow reader) while the traced program waits at a stop: the caller fills one buffer while the writer drains
/// the other. When the writer is still busy with the previous buffer, the caller waits (backpressure, not memory).
/// The thread starts with the first full buffer: a short run writes its few events itself, at the flush; so does a
/// run that cannot get a thread.
/// A write error is rethrown to the caller at its next hand-over or flush.
/// </summary>
internal sealed class BlockWriter(Stream output) : IDisposable
{
    readonly object _gate = new();
    ArrayBufferWriter<byte>? _pending, _spare;
    bool _started, _closing, _exited, _inline;
    Exception? _failure;

    /// <summary>Hands <paramref name="full"/> to the writer thread and returns an empty buffer to fill next.</summary>
    public ArrayBufferWriter<byte> Hand(ArrayBufferWriter<byte> full)
    {
        if (_inline) return WriteHere(full);
        lock (_gate)
        {
            WaitIdle();
            if (!_started)
            {
                // Not Thread.Start: under NativeAOT it would hold the tracer (and the program at its stop) until the
                // new thread runs. No thread to be had (the user's process limit): the caller writes, as before.
                try { NativeThread.Run(Run, "jsonl writer", 1 << 20); }
                catch (ThreadCreationError)
                {
                    _inline = true;
                    return WriteHere(full);
                }
                _started = true;
            }
            _pending = full;
            var next = _spare ?? new ArrayBufferWriter<byte>(full.Capacity);
            _spare = null;
            Monitor.PulseAll(_gate);
            return next;
        }
    }

    /// <summary>Without a writer thread: writes <paramref name="full"/> on this thread and hands it back empty.</summary>
    ArrayBufferWriter<byte> WriteHere(ArrayBufferWriter<byte> full)
    {
        output.Write(full.WrittenSpan);
        full.ResetWrittenCount();
        return full;
    }

    /// <summary>Writes <paramref name="last"/> (on this thread once the writer is idle) and flushes the stream.</summary>
    public void Flush(ArrayBufferWriter<byte> last)
    {
        lock (_gate) WaitIdle();
        if (last.WrittenCount > 0) output.Write(last.WrittenSpan);
        last.ResetWrittenCount();
        output.Flush();
    }

    void WaitIdle()
    {
        while (_pending != null) Monitor.Wait(_gate);
        if (_failure is { } e)
        {
            _failure = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }

    void Run()
    {
        // The tracer thread may be pinned to one CPU (--cpu-placement); the writer runs wherever there is room.
        CpuMask.UseProcessMask();
        while (true)
        {
            ArrayBufferWriter<byte> block;
            lock (_gate)
            {
                while (_pending == null && !_closing) Monitor.Wait(_gate);
                if (_pending == null)
                {
                    _exited = true;
                    Monitor.PulseAll(_gate);
                    return;
                }
                block = _pending;
            }
            Exception? failure = null;
            try { output.Write(block.WrittenSpan); }
            catch (Exception e) { failure = e; }
            block.ResetWrittenCount();
            lock (_gate)
            {
                _failure = failure;
                _pending = null;
                _spare = block;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
            while (_started && !_exited) Monitor.Wait(_gate);
        }
    }
}
