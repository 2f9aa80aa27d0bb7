using System.Globalization;
using System.Text;
using Sandtrace.Tracing;

namespace Sandtrace.Tests.Tracing.Decoding;

/// <summary>Runs the decoder against a <see cref="FakeTraceeMemory"/> and renders the result as one line:
/// <c>name=value</c> pairs where strings from the tracee are "quoted" (with … when truncated), symbols are
/// bare and numbers are plain decimal.</summary>
internal sealed class DecodeHarness
{
    public const int Pid = 4242;
    public readonly FakeTraceeMemory Memory = new();
    public readonly DecodedArgs Args = new();
    readonly ArgumentDecoder _decoder = new();

    /// <summary>Decodes a call that returned <paramref name="ret"/>.</summary>
    public string Exit(long nr, long ret, params ulong[] args)
    {
        Args.Reset();
        _decoder.Decode(ArgumentDecoder.AuditArchX86_64, nr, args, ret, hasReturn: true, Pid, Memory, Args);
        return Render();
    }

    /// <summary>Decodes a call that returned 0.</summary>
    public string Call(long nr, params ulong[] args) => Exit(nr, 0, args);

    /// <summary>Decodes a call that never returned (the tracee exited or died inside it).</summary>
    public string NoReturn(long nr, params ulong[] args)
    {
        Args.Reset();
        _decoder.Decode(ArgumentDecoder.AuditArchX86_64, nr, args, 0, hasReturn: false, Pid, Memory, Args);
        return Render();
    }

    /// <summary>Turns table arguments into raw registers: "@text" maps a string and passes its address,
    /// "0x.." is hex, anything else a decimal (negative values sign-extended, as the kernel sees them).</summary>
    public ulong[] Registers(string[] args)
    {
        var regs = new ulong[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            regs[i] = a.StartsWith('@') ? Memory.PutString(a[1..])
                : a.StartsWith("0x", StringComparison.Ordinal) ? ulong.Parse(a.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : unchecked((ulong)long.Parse(a, CultureInfo.InvariantCulture));
        }
        return regs;
    }

    public ref readonly DecodedArgs.Entry Entry(string name)
    {
        for (int i = 0; i < Args.Count; i++)
            if (Args[i].Name == name) return ref Args[i];
        throw new Xunit.Sdk.XunitException($"no entry '{name}' in: {Render()}");
    }

    public string Text(string name) => Encoding.UTF8.GetString(Args.TextOf(Entry(name)));

    public string Render()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Args.Count; i++)
        {
            ref readonly DecodedArgs.Entry e = ref Args[i];
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(e.Name).Append('=');
            switch (e.Kind)
            {
                case ArgKind.Number:
                    sb.Append(e.Number.ToString(CultureInfo.InvariantCulture));
                    break;
                case ArgKind.String:
                    sb.Append('"').Append(Encoding.UTF8.GetString(Args.TextOf(e))).Append('"');
                    if (e.Truncated) sb.Append('…');
                    break;
                case ArgKind.Symbol:
                    sb.Append(Encoding.ASCII.GetString(Args.TextOf(e)));
                    break;
                default:
                    sb.Append('[');
                    foreach (DecodedArgs.ListItem item in Args.ItemsOf(e)) sb.Append('"').Append(Encoding.UTF8.GetString(Args.TextOf(item))).Append("\" ");
                    sb.Append(']');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A negative register value as the kernel sees it (AT_FDCWD, -1 fds).</summary>
    public static ulong S(long value) => unchecked((ulong)value);
}
