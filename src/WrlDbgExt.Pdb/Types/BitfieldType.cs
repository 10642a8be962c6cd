namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_BITFIELD: <paramref name="Width"/> bits from bit <paramref name="Position"/> of an <paramref name="Underlying"/>.</summary>
public sealed record BitfieldType(uint Index, uint Underlying, byte Position, byte Width) : PdbType(Index);
