using System.Runtime.InteropServices;

namespace Sandtrace.Native;

/// <summary>Human text for an errno in messages meant for people.</summary>
internal static class Errno
{
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
