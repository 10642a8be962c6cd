namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_ARRAY: <paramref name="Size"/> is the whole array's byte size (one dimension per record).</summary>
public sealed record ArrayType(uint Index, uint ElementType, uint IndexType, ulong Size, string Name) : PdbType(Index);
