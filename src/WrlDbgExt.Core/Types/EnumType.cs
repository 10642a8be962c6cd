namespace WrlDbgExt.Core.Types;

/// <summary>One named value of an enumeration, as stored (the bits of the underlying type).</summary>
public sealed record EnumConstant(string Name, ulong Value);

/// <summary>An enumeration: its name, underlying type and constants in declaration order.</summary>
public sealed class EnumType(string name, BasicType underlying, IReadOnlyList<EnumConstant> constants) : DebugType
{
    public string Name { get; } = name;

    public BasicType Underlying { get; } = underlying;

    public IReadOnlyList<EnumConstant> Constants { get; } = constants;

    public override ulong Size => Underlying.Size;
}
