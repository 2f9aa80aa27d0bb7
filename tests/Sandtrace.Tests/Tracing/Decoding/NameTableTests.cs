using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing.Decoding;

public class NameTableTests
{
    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(2, "ENOENT")]
    [InlineData(11, "EAGAIN")]
    [InlineData(13, "EACCES")]
    [InlineData(35, "EDEADLK")]
    [InlineData(38, "ENOSYS")]
    [InlineData(95, "EOPNOTSUPP")]
    [InlineData(110, "ETIMEDOUT")]
    [InlineData(133, "EHWPOISON")]
    [InlineData(512, "ERESTARTSYS")]
    [InlineData(513, "ERESTARTNOINTR")]
    [InlineData(514, "ERESTARTNOHAND")]
    [InlineData(515, "ENOIOCTLCMD")]
    [InlineData(516, "ERESTART_RESTARTBLOCK")]
    [InlineData(517, "EPROBE_DEFER")]
    [InlineData(519, "ENOPARAM")]
    [InlineData(521, "EBADHANDLE")]
    [InlineData(524, "ENOTSUPP")]
    [InlineData(531, "ENOGRACE")]
    [InlineData(41, "E41")]      // EWOULDBLOCK is EAGAIN; 41 itself is unused
    [InlineData(58, "E58")]      // EDEADLOCK is EDEADLK; 58 itself is unused
    [InlineData(0, "E0")]
    [InlineData(520, "E520")]
    [InlineData(4095, "E4095")]
    [InlineData(70000, "E70000")]
    [InlineData(-5, "E-5")]
    public void Errno_names(int errno, string expected)
    {
        Assert.Equal(expected, ErrnoNames.Get(errno));
    }

    [Fact]
    public void Unknown_errno_names_are_cached()
    {
        Assert.Same(ErrnoNames.Get(777), ErrnoNames.Get(777));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "SIGHUP")]
    [InlineData(6, "SIGABRT")]
    [InlineData(9, "SIGKILL")]
    [InlineData(11, "SIGSEGV")]
    [InlineData(16, "SIGSTKFLT")]
    [InlineData(17, "SIGCHLD")]
    [InlineData(19, "SIGSTOP")]
    [InlineData(29, "SIGIO")]
    [InlineData(31, "SIGSYS")]
    [InlineData(32, "SIGRTMIN-2")]
    [InlineData(33, "SIGRTMIN-1")]
    [InlineData(34, "SIGRTMIN")]
    [InlineData(35, "SIGRTMIN+1")]
    [InlineData(63, "SIGRTMIN+29")]
    [InlineData(64, "SIGRTMAX")]
    [InlineData(65, "SIG65")]
    [InlineData(-1, "SIG-1")]
    [InlineData(1000, "SIG1000")]
    public void Signal_names(int sig, string expected)
    {
        Assert.Equal(expected, SignalNames.Get(sig));
    }

    [Fact]
    public void Built_signal_names_are_cached()
    {
        Assert.Same(SignalNames.Get(40), SignalNames.Get(40));
    }

    [Fact]
    public void Known_names_do_not_allocate()
    {
        _ = ErrnoNames.Get(2);
        _ = SignalNames.Get(9);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 133; i++) _ = ErrnoNames.Get(i);
        for (int i = 512; i <= 531; i++) _ = ErrnoNames.Get(i);
        for (int i = 1; i <= 31; i++) _ = SignalNames.Get(i);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
