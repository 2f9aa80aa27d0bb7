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
                case "run": return Run(args[1..], stderr);
                case "policy": return PolicyCommand.Execute(args[1..], stderr);
                case "-h" or "--help" or "help": RunCommand.Write(stderr, HelpText.Main + "\n"); return 0;
                case "--version" or "-V": Console.Out.WriteLine("sandtrace " + Version); return 0;
                default: throw new UsageError($"unknown command '{args[0]}'; the commands are 'sandtrace run' and 'sandtrace policy check'");
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

    /// <summary>`run`, except that --explain-policy prints the merged policy instead of running anything. Decided here
    /// so the run command itself stays about running (parsing twice is cheap and has no side effects).</summary>
    static int Run(string[] args, Stream stderr)
    {
        var a = RunArgumentsParser.Parse(args);
        if (a.ExplainPolicy && !a.Help) return PolicyCommand.Explain(a);
        return RunCommand.Execute(args, stderr);
    }

    static string Version => typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
