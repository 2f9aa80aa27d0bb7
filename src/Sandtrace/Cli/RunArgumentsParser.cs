using System.Globalization;

using Sandtrace.Policy;

namespace Sandtrace.Cli;

/// <summary>
/// Parses `sandtrace run [OPTIONS] [--] CMD [ARGS…]`. Options end at `--` or at the first word that is not an
/// option, so the command's own flags (`ls -la`) are never taken for sandtrace's — as with strace, bwrap and env.
/// Accepts `--opt value`, `--opt=value`, `-o FILE`, `-oFILE`, `-v`/`-vv`/`-vvv`, and `--flag=true|false`.
/// </summary>
internal static class RunArgumentsParser
{
    static readonly string[] Known =
        ["--policy", "--allow-path", "--allow-net", "--allow-exec", "--output", "--timeout", "--trace-only",
         "--follow-forks", "--no-color", "--verbose", "--help", "--best-effort", "--trace", "--cpu-placement",
         "--explain-policy", "--unsafe-ack"];

    public static RunArguments Parse(IReadOnlyList<string> args)
    {
        var r = new RunArguments();
        var allow = new List<string>();
        int i = 0;
        for (; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--") { i++; break; }
            if (a.Length < 2 || a[0] != '-') break;

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = a.IndexOf('=');
                string name = eq < 0 ? a : a[..eq];
                string? inline = eq < 0 ? null : a[(eq + 1)..];
                string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageError($"option {name} needs a value"));
                switch (name)
                {
                    case "--policy": r = r with { PolicyFile = NonEmpty(name, Value()) }; break;
                    case "--allow-path": allow.Add(NonEmpty(name, Value())); break;
                    case "--allow-net": r = r with { AllowNet = Bool(name, inline) }; break;
                    case "--allow-exec": r = r with { AllowExec = Bool(name, inline) }; break;
                    case "--output": r = r with { Output = Output(Value()) }; break;
                    case "--timeout": r = r with { TimeoutSeconds = Timeout(Value()) }; break;
                    case "--trace-only": r = r with { TraceOnly = Bool(name, inline) }; break;
                    case "--best-effort": r = r with { BestEffort = Bool(name, inline) }; break;
                    case "--trace": r = r with { TraceDepth = Depth(Value()) }; break;
                    case "--cpu-placement": r = r with { CpuPlacement = Placement(Value()) }; break;
                    case "--follow-forks": r = r with { FollowForks = Bool(name, inline) }; break;
                    case "--no-follow-forks": r = r with { FollowForks = !Bool(name, inline) }; break;
                    case "--no-color": r = r with { NoColor = Bool(name, inline) }; break;
                    case "--verbose": r = r with { Verbosity = r.Verbosity + 1 }; break;
                    case "--help": r = r with { Help = true }; break;
                    case "--explain-policy": r = r with { ExplainPolicy = Bool(name, inline) }; break;
                    case "--unsafe-ack": r = r with { UnsafeAck = Bool(name, inline) }; break;
                    default:
                        throw new UsageError($"unknown option '{name}'" + Suggest(name));
                }
                continue;
            }

            // Short options: -v / -vv / -vvv, -o FILE / -oFILE, -h.
            if (a[1] == 'o')
            {
                string v = a.Length > 2 ? a[2..] : (i + 1 < args.Count ? args[++i] : throw new UsageError("option -o needs a value"));
                r = r with { Output = Output(v) };
                continue;
            }
            if (a == "-h") { r = r with { Help = true }; continue; }
            if (a.AsSpan(1).IndexOfAnyExcept('v') < 0)
            {
                r = r with { Verbosity = r.Verbosity + a.Length - 1 };
                continue;
            }
            throw new UsageError($"unknown option '{a}'");
        }
        return r with { AllowPaths = allow, Command = args.Skip(i).ToList(), Verbosity = Math.Min(r.Verbosity, 3) };
    }

    static Tracing.TraceDepth Depth(string v) => v switch
    {
        "all" => Tracing.TraceDepth.All,
        "security" => Tracing.TraceDepth.Security,
        _ => throw new UsageError($"--trace takes all or security, not '{v}'"),
    };

    static Tracing.CpuPlacement Placement(string v) => v switch
    {
        "auto" => Tracing.CpuPlacement.Auto,
        "none" => Tracing.CpuPlacement.None,
        "same" => Tracing.CpuPlacement.Same,
        "follow" => Tracing.CpuPlacement.Follow,
        _ => throw new UsageError($"--cpu-placement takes auto, none, same or follow, not '{v}'"),
    };

    static string NonEmpty(string name, string v) =>
        v.Length == 0 ? throw new UsageError($"option {name} needs a non-empty value") : v;

    static string Output(string v)
    {
        if (v == "-")
            throw new UsageError("-o - would mix the JSONL with the program's own stdout; give a file (or /dev/stderr)");
        return NonEmpty("--output", v);
    }

    static bool Bool(string name, string? inline) => inline switch
    {
        null or "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new UsageError($"option {name} takes true or false, not '{inline}'"),
    };

    static double Timeout(string v)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s < 0 || double.IsNaN(s) || s > 31_536_000)
            throw new UsageError($"--timeout takes a number of seconds (0 = no limit), not '{v}'");
        return s;
    }

    static string Suggest(string name)
    {
        string? best = Levenshtein.Closest(name, Known.Append("--no-follow-forks"), 4);
        return best == null ? "; see 'sandtrace run --help'" : $" (did you mean '{best}'?)";
    }
}
