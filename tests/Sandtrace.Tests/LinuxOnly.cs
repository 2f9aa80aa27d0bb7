// sandtrace runs on Linux only (namespaces, Landlock, seccomp, ptrace), and so do its tests: this tells the platform
// analyzer (CA1416) so that Unix-only APIs such as File.SetUnixFileMode need no per-call guard.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
