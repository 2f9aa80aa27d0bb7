using Sandtrace.Policy;

namespace Sandtrace.Cli;

/// <summary>
/// Showing a policy without running anything: `sandtrace policy check [--unsafe-ack] FILE` and
/// `sandtrace run --explain-policy [OPTIONS] [--] [CMD…]`. Both load and merge exactly as `run` would — the same
/// errors, exit 78 — then print the effective policy and its warnings on stdout and exit 0.
/// </summary>
internal static class PolicyCommand
{
    public static int Execute(IReadOnlyList<string> args, Stream stderr)
    {
        if (args.Count == 0) throw new UsageError("missing subcommand: sandtrace policy check [--unsafe-ack] FILE");
        if (args[0] is "-h" or "--help" or "help") { RunCommand.Write(stderr, HelpText.Policy + "\n"); return 0; }
        if (args[0] != "check") throw new UsageError($"unknown subcommand 'policy {args[0]}'; the subcommand is 'sandtrace policy check FILE'");

        bool unsafeAck = false;
        var files = new List<string>();
        bool optionsEnded = false;
        foreach (var a in args.Skip(1))
        {
            if (!optionsEnded && a == "--") { optionsEnded = true; continue; }
            if (!optionsEnded && a.StartsWith('-') && a.Length > 1)
            {
                if (a is "-h" or "--help") { RunCommand.Write(stderr, HelpText.Policy + "\n"); return 0; }
                if (a is "--unsafe-ack" or "--unsafe-ack=true") { unsafeAck = true; continue; }
                if (a == "--unsafe-ack=false") { unsafeAck = false; continue; }
                throw new UsageError($"unknown option '{a}' for 'policy check'; it takes only --unsafe-ack");
            }
            files.Add(a);
        }
        if (files.Count != 1)
            throw new UsageError(files.Count == 0 ? "no policy file given: sandtrace policy check [--unsafe-ack] FILE"
                : "policy check takes one file");
        var run = new RunArguments { PolicyFile = files[0], UnsafeAck = unsafeAck };
        return Explain(run);
    }

    /// <summary>`run --explain-policy`: Program.cs calls this instead of RunCommand when the flag is present.</summary>
    public static int Explain(RunArguments a)
    {
        string cwd = Environment.CurrentDirectory;
        var context = PolicyContext.FromEnvironment(cwd, a.UnsafeAck);
        var policy = PolicyMerger.Merge(a, context);
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { NewLine = "\n" };
        PolicyPrinter.Print(stdout, policy, context.Home, a.TraceOnly, a.Command);
        stdout.Flush();
        return 0;
    }
}
