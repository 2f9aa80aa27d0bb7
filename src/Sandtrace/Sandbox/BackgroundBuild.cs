using System.Runtime.ExceptionServices;

namespace Sandtrace.Sandbox;

/// <summary>
/// Computes a value on its own thread while the caller does other planning, then hands it over (or rethrows what
/// it threw) at <see cref="Join"/>. The seccomp filter — generation through libseccomp plus the self-check, about
/// half a millisecond — overlaps the program's dependency walk and the filesystem view on a second CPU.
/// A plain thread, not the thread pool: starting the pool costs more than the work.
/// </summary>
internal sealed class BackgroundBuild<T> where T : class
{
    readonly Thread _thread;
    T? _value;
    ExceptionDispatchInfo? _error;

    public BackgroundBuild(Func<T> build)
    {
        _thread = new Thread(() =>
        {
            try { _value = build(); }
            catch (Exception e) { _error = ExceptionDispatchInfo.Capture(e); }
        }, maxStackSize: 256 * 1024) { IsBackground = true, Name = "plan" };
        _thread.Start();
    }

    public T Join()
    {
        _thread.Join();
        _error?.Throw();
        return _value!;
    }
}
