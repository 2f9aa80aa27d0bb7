using System.Buffers;
using Sandtrace.Events;
using Xunit;

namespace Sandtrace.Tests.Events;

/// <summary>The JSONL writer thread: blocks reach the stream whole and in order, the caller goes on while a block is
/// being written and waits only when it hands over the next one too early, and a write error reaches the caller.
/// (That the thread leaves the tracer's pinned CPU is checked on a real run: JsonlFlushTests.)</summary>
public class BlockWriterTests
{
    static ArrayBufferWriter<byte> Filled(ArrayBufferWriter<byte> b, int seed, int length)
    {
        var span = b.GetSpan(length)[..length];
        for (int i = 0; i < length; i++) span[i] = (byte)(seed + i);
        b.Advance(length);
        return b;
    }

    /// <summary>A slow disk: the caller is always ahead of the writer.</summary>
    sealed class SlowStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Thread.Sleep(1);
            base.Write(buffer);
        }
    }

    [Fact]
    public void Blocks_arrive_whole_and_in_order()
    {
        var sink = new SlowStream();
        var expected = new MemoryStream();
        using (var w = new BlockWriter(sink))
        {
            var b = new ArrayBufferWriter<byte>(1024);
            for (int i = 0; i < 200; i++)
            {
                Filled(b, i, 1000 + i);
                expected.Write(b.WrittenSpan);
                b = w.Hand(b);
                Assert.Equal(0, b.WrittenCount);
            }
            Filled(b, 7, 77);
            expected.Write(b.WrittenSpan);
            w.Flush(b);
            Assert.Equal(expected.ToArray(), sink.ToArray());
        }
    }

    /// <summary>A stream whose writes wait until the test lets them go.</summary>
    sealed class GatedStream : MemoryStream
    {
        public readonly SemaphoreSlim Entered = new(0), Release = new(0);
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Release();
            Release.Wait();
            base.Write(buffer);
        }
    }

    [Fact]
    public async Task The_caller_goes_on_during_a_write_and_waits_only_for_a_second_hand_over()
    {
        var stream = new GatedStream();
        using var w = new BlockWriter(stream);
        var b = w.Hand(Filled(new ArrayBufferWriter<byte>(64), 1, 64));   // returns while the write is held
        Assert.True(stream.Entered.Wait(TimeSpan.FromSeconds(10)), "the writer thread never wrote");
        var second = Task.Run(() => w.Hand(Filled(b, 2, 64)));
        Assert.False(await Task.WhenAny(second, Task.Delay(300)) == second, "a second hand-over did not wait for the first write");
        stream.Release.Release();
        Assert.True(stream.Entered.Wait(TimeSpan.FromSeconds(10)));
        var returned = await second.WaitAsync(TimeSpan.FromSeconds(10));   // throws TimeoutException if it never returns
        stream.Release.Release();
        w.Flush(returned);
        Assert.Equal(128, stream.Length);
    }

    sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("No space left on device");
    }

    [Fact]
    public void A_write_error_reaches_the_caller()
    {
        using var w = new BlockWriter(new FailingStream());
        var b = w.Hand(Filled(new ArrayBufferWriter<byte>(64), 1, 64));
        var e = Assert.Throws<IOException>(() => w.Flush(b));
        Assert.Contains("No space", e.Message);
    }
}
