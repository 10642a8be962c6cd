namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_MODIFIER: const / volatile / __unaligned on <paramref name="Modified"/>.</summary>
public sealed record ModifierType(uint Index, uint Modified, bool IsConst, bool IsVolatile, bool IsUnaligned) : PdbType(Index);
