using System.Runtime.ExceptionServices;

namespace Sandtrace.Sandbox;

/// <summary>
/// A value computed once, by whichever thread comes first: a helper thread that has time (<see cref="Run"/>), or the
/// thread that needs it (<see cref="Join"/>, which otherwise waits for the helper and rethrows what it threw). The
/// seccomp filter — taken from the built-in table, or for other policies generated through libseccomp (about 0.4 ms)
/// — is built this way by the tracer thread right before
/// it clones the sandbox, while the main thread walks the program's dependencies and builds the filesystem view (and
/// then runs the filter's self-check). No extra thread: on two CPUs a third busy thread only slows the other two.
/// </summary>
internal sealed class BackgroundBuild<T> where T : class
{
    readonly Func<T> _build;
    readonly ManualResetEventSlim _done = new();
    int _claimed;
    T? _value;
    ExceptionDispatchInfo? _error;

    public BackgroundBuild(Func<T> build) => _build = build;

    /// <summary>Computes the value on this thread unless another thread already does; never throws.</summary>
    public void Run()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0) return;
        try { _value = _build(); }
        catch (Exception e) { _error = ExceptionDispatchInfo.Capture(e); }
        finally { _done.Set(); }
    }

    public T Join()
    {
        Run();
        _done.Wait();
        _error?.Throw();
        return _value!;
    }
}
