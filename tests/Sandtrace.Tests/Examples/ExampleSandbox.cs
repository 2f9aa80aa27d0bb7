using System.Text.Json;
using Sandtrace.Tests.Support;
using Xunit;

namespace Sandtrace.Tests.Examples;

/// <summary>
/// One run of a real tool under an example policy, in a throw-away directory tree:
/// <c>root/project</c> (a copy of a fixture from tests/fixtures, granted with --allow-path), <c>root/home</c> (HOME, with
/// planted secrets and a .bashrc), <c>root/tmp</c> (a private TMPDIR and XDG_RUNTIME_DIR, mode 0700) and
/// <c>root/trace.jsonl</c> — outside every writable path, so the program cannot touch its own trace.
/// Everything lives under the test's temporary directory, so an unprivileged user (uid 65534) can run it too.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ExampleSandbox
{
    public const string SshKey = "SECRET-SSH-KEY";
    public const string BashrcText = "# ~/.bashrc of the test\nexport PS1='$ '\n";
    /// <summary>A host:port outside the machine (TEST-NET-1) that the fixtures' scripts try to connect to.</summary>
    public const string OutsideAddress = "192.0.2.1:9";

    public string Root { get; }
    public string Home { get; }
    public string Project { get; }
    public string Tmp { get; }
    public string TracePath { get; }
    public Dictionary<string, string?> Env { get; }

    public string SshKeyPath => Path.Combine(Home, ".ssh", "id_rsa");
    public string BashrcPath => Path.Combine(Home, ".bashrc");

    ExampleSandbox(string fixture)
    {
        Root = SandtraceRunner.TempDir();
        Home = Dir(Root, "home");
        Project = Path.Combine(Root, "project");
        Tmp = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(Tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TracePath = Path.Combine(Root, "trace.jsonl");
        CopyTree(Path.Combine(FixturesDir, fixture), Project);

        // Secrets a malicious script wants, and the files the tools themselves keep in HOME.
        Directory.CreateDirectory(Path.Combine(Home, ".ssh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(SshKeyPath, SshKey + "\n");
        File.WriteAllText(BashrcPath, BashrcText);
        File.WriteAllText(Path.Combine(Home, ".npmrc"), "//registry.npmjs.org/:_authToken=SECRET-NPM-TOKEN\n");
        File.WriteAllText(Path.Combine(Home, ".bash_history"), "export TOKEN=SECRET-BASH-HISTORY\n");
        File.WriteAllText(Path.Combine(Home, ".zsh_history"), ": 1700000000:0;export TOKEN=SECRET-ZSH-HISTORY\n");
        File.WriteAllText(Path.Combine(Dir(Home, ".config/pnpm"), "auth.ini"), "//registry.npmjs.org/:_authToken=SECRET-PNPM-TOKEN\n");
        File.WriteAllText(Path.Combine(Dir(Home, ".config/composer"), "auth.json"), "{\"github-oauth\": {\"github.com\": \"SECRET-COMPOSER-TOKEN\"}}\n");
        // The caches the audit policies make writable (a path that does not exist is skipped by sandtrace).
        Dir(Home, ".npm");
        Dir(Home, ".cache/pnpm");
        Dir(Home, ".cache/composer");

        Env = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["TMPDIR"] = Tmp,
            ["XDG_RUNTIME_DIR"] = Tmp,   // pnpm keeps its lock directories there (else in /tmp)
            // Nothing of the caller's configuration: every tool derives its directories from HOME.
            ["XDG_CONFIG_HOME"] = null, ["XDG_CACHE_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_STATE_HOME"] = null,
            ["NPM_CONFIG_USERCONFIG"] = null, ["npm_config_userconfig"] = null, ["npm_config_cache"] = null,
            ["npm_config_prefix"] = null, ["PNPM_HOME"] = null, ["COMPOSER_HOME"] = null, ["COMPOSER_CACHE_DIR"] = null,
            ["COMPOSER_AUTH"] = null,
            // No update checks (they would reach for the registry), no prompts, no colours.
            ["npm_config_update_notifier"] = "false", ["PNPM_CONFIG_UPDATE_NOTIFIER"] = "false",
            ["COMPOSER_NO_INTERACTION"] = "1", ["COMPOSER_ALLOW_SUPERUSER"] = "1", ["NO_COLOR"] = "1",
            ["CI"] = null,   // pnpm would insist on a frozen lockfile
            ["ATTACK_CONNECT"] = OutsideAddress, ["PROBE_CONNECT"] = OutsideAddress,
        };
    }

    /// <summary>A fresh tree with tests/fixtures/<paramref name="fixture"/> copied as the project.</summary>
    public static ExampleSandbox Create(string fixture) => new(fixture);

    public static string RepoRoot => EventSchema.FindRepoRoot();
    public static string FixturesDir => Path.Combine(RepoRoot, "tests", "fixtures");
    public static string PolicyPath(string name) => Path.Combine(RepoRoot, "examples", name);

    /// <summary>
    /// `sandtrace run [flags] --allow-path PROJECT -o ROOT/trace.jsonl -- command…` in the project directory, then the
    /// events of ROOT/trace.jsonl.
    /// </summary>
    public RunOutcome Run(string[] flags, params string[] command)
    {
        File.Delete(TracePath);
        string[] all = [.. flags, "--allow-path", Project, "--timeout", "40", "-o", TracePath];
        var r = SandtraceRunner.Run(all, command, jsonl: false, env: Env, limit: TimeSpan.FromSeconds(60), workingDirectory: Project);
        Assert.True(File.Exists(TracePath), $"sandtrace wrote no trace (exit {r.ExitCode}); stderr:\n{r.Stderr}");
        var events = File.ReadLines(TracePath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return r with { Events = events, JsonlPath = TracePath };
    }

    /// <summary>
    /// Fails — never skips — when a tool the example policies are made for is missing, naming what .ci/run installs.
    /// </summary>
    public static void RequireTool(string command, string install)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);
        bool found = dirs.Any(d => File.Exists(Path.Combine(d, command)) &&
            (File.GetUnixFileMode(Path.Combine(d, command)) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
        Assert.True(found, $"'{command}' is not installed (not on PATH: {string.Join(':', dirs)}). .ci/run must install it: {install}.");
    }

    static string Dir(string parent, string relative)
    {
        string d = Path.Combine(parent, relative);
        Directory.CreateDirectory(d);
        return d;
    }

    static void CopyTree(string from, string to)
    {
        Assert.True(Directory.Exists(from), $"missing fixture {from}");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }
}
