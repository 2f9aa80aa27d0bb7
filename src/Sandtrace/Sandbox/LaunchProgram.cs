using Sandtrace.Native;

namespace Sandtrace.Sandbox;

/// <summary>
/// The sandbox's PID 1 program and the pipes it starts with, made before the clone (<see cref="Launcher.Prepare"/>).
/// The program holds the steps up to the wait for the go byte, published; the rest (<see cref="Launcher.AddPlanSteps"/>)
/// may be appended by another thread while the clone runs, since the child reads no step past the published count
/// before its release. The arena is shared memory, so steps written after the clone are the ones the child runs.
/// Its owner disposes it once nobody writes steps any more; the child keeps its own mapping.
/// </summary>
internal sealed unsafe class LaunchProgram : IDisposable
{
    public ChildProgram Program { get; }

    /// <summary>Read end of the sync pipe (the child's), write end (sandtrace's go byte), and the report pipe's ends
    /// (the child reports a failed step on the write end). The clone takes them over: -1 once handed on or closed.</summary>
    internal int SyncRead, SyncWrite, ReportRead, ReportWrite;

    internal LaunchProgram(ChildProgram program, int syncRead, int syncWrite, int reportRead, int reportWrite) =>
        (Program, SyncRead, SyncWrite, ReportRead, ReportWrite) = (program, syncRead, syncWrite, reportRead, reportWrite);

    /// <summary>Closes the descriptors not handed on and unmaps the parent's view of the program.</summary>
    public void Dispose()
    {
        Close(ref SyncRead);
        Close(ref SyncWrite);
        Close(ref ReportRead);
        Close(ref ReportWrite);
        Program.Arena.Dispose();
    }

    internal static void Close(ref int fd)
    {
        if (fd >= 0) RawSyscall.Call(Sys.close, fd);
        fd = -1;
    }
}
