using Sandtrace.Cli;
using Sandtrace.Policy;
using Sandtrace.Sandbox;

namespace Sandtrace;

internal static class Program
{
    static int Main(string[] args)
    {
        Native.SelfExec.EnsureSafeForRawClone(args);
        using var stderr = RunCommand.OpenStderr();
        try
        {
            if (args.Length == 0) { RunCommand.Write(stderr, HelpText.Main + "\n"); return ExitCodes.Usage; }
            switch (args[0])
            {
                case "run": return RunCommand.Execute(args[1..], stderr);
                case "-h" or "--help" or "help": RunCommand.Write(stderr, HelpText.Main + "\n"); return 0;
                case "--version" or "-V": Console.Out.WriteLine("sandtrace " + Version); return 0;
                default: throw new UsageError($"unknown command '{args[0]}'; the command is 'sandtrace run'");
            }
        }
        catch (UsageError e)
        {
            RunCommand.Write(stderr, $"sandtrace: error: {e.Message}\n");
            return ExitCodes.Usage;
        }
        catch (PolicyError e)
        {
            RunCommand.Write(stderr, $"sandtrace: {e.Message}\n");
            return ExitCodes.PolicyInvalid;
        }
        catch (SandboxError e)
        {
            RunCommand.Write(stderr, $"sandtrace: {e.Message}\n");
            return e.ExitCode;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("SANDTRACE_DEBUG") == null)
        {
            RunCommand.Write(stderr, $"sandtrace: internal error: {e.GetType().Name}: {e.Message} (set SANDTRACE_DEBUG=1 for details)\n");
            return ExitCodes.SandboxFailed;
        }
    }

    static string Version => typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
