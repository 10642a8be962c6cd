using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Types;

/// <summary>
/// Numeric leaves (sizes, offsets, enumerator values): a u16 below 0x8000 is the value itself; otherwise it
/// names the integer that follows (docs/pdb-format.md §6.1). Reals and strings are refused.
/// </summary>
public static class NumericLeafReader
{
    public static NumericValue Read(ref SpanReader reader)
    {
        ushort leaf = reader.U16();
        if (leaf < 0x8000) return new NumericValue(leaf, false);
        return leaf switch
        {
            0x8000 => new NumericValue(unchecked((ulong)(sbyte)reader.U8()), true),  // LF_CHAR
            0x8001 => new NumericValue(unchecked((ulong)reader.I16()), true),        // LF_SHORT
            0x8002 => new NumericValue(reader.U16(), false),                         // LF_USHORT
            0x8003 => new NumericValue(unchecked((ulong)reader.I32()), true),        // LF_LONG
            0x8004 => new NumericValue(reader.U32(), false),                         // LF_ULONG
            0x8009 => new NumericValue(unchecked((ulong)reader.I64()), true),        // LF_QUADWORD
            0x800A => new NumericValue(reader.U64(), false),                         // LF_UQUADWORD
            _ => throw new PdbFormatException($"{reader.What}: numeric leaf 0x{leaf:X4} is not an integer kind this reader knows"),
        };
    }

    /// <summary>A numeric leaf that must be a size or offset: negative values are refused.</summary>
    public static ulong ReadUnsigned(ref SpanReader reader)
    {
        var value = Read(ref reader);
        if (value.IsSigned && value.AsInt64 < 0)
            throw new PdbFormatException($"{reader.What}: a size or offset is negative ({value.AsInt64})");
        return value.Bits;
    }
}
