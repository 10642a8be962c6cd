namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Why a decoder decided what it did: a stable code and its arguments. Decoders produce these; only the
/// renderers turn them into sentences (English lives there), and JSON carries both.
/// </summary>
public sealed class Reason
{
    private readonly ReasonArg[] _args;

    private Reason(ReasonCode code, ReasonArg[] args)
    {
        Code = code;
        _args = args;
    }

    public ReasonCode Code { get; }

    public IReadOnlyList<ReasonArg> Args => _args;

    public static Reason Of(ReasonCode code, params ReasonArg[] args) => new(code, args);

    public ulong Address(string name) => Arg(name).Number;

    public long Integer(string name) => unchecked((long)Arg(name).Number);

    public string Text(string name) => Arg(name).Text ?? "";

    private ReasonArg Arg(string name) =>
        _args.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"reason {Code} has no argument '{name}'");

    public override string ToString() => $"{Code}({string.Join(", ", _args.Select(a => a.ToString()))})";
}

public enum ReasonArgKind
{
    /// <summary>A target address or pointer value: printed the engine's way.</summary>
    Address,

    /// <summary>A signed count or offset.</summary>
    Integer,

    /// <summary>A raw word: printed as hex of the pointer width.</summary>
    Raw,

    /// <summary>A name (field, symbol, module, flavour).</summary>
    Text,
}

/// <summary>One named argument of a reason.</summary>
public sealed record ReasonArg(string Name, ReasonArgKind Kind, ulong Number, string? Text)
{
    public static ReasonArg Address(string name, ulong value) => new(name, ReasonArgKind.Address, value, null);

    public static ReasonArg Integer(string name, long value) => new(name, ReasonArgKind.Integer, unchecked((ulong)value), null);

    public static ReasonArg Raw(string name, ulong value) => new(name, ReasonArgKind.Raw, value, null);

    public static ReasonArg Label(string name, string value) => new(name, ReasonArgKind.Text, 0, value);

    public override string ToString() => Kind == ReasonArgKind.Text ? $"{Name}={Text}" : $"{Name}=0x{Number:x}";
}
