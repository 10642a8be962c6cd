using System.Globalization;

namespace WrlDbgExt.Pdb.Types;

/// <summary>A CodeView numeric leaf's value: 64 bits and whether the leaf was a signed kind.</summary>
public readonly record struct NumericValue(ulong Bits, bool IsSigned)
{
    public long AsInt64 => unchecked((long)Bits);

    public ulong AsUInt64 => Bits;

    public override string ToString() =>
        IsSigned ? AsInt64.ToString(CultureInfo.InvariantCulture) : Bits.ToString(CultureInfo.InvariantCulture);
}
