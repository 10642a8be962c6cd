namespace WrlDbgExt.Pdb.Types;

/// <summary>A record kept only by kind: field lists, vtable shapes, method lists, unknown leaves.</summary>
public sealed record OtherType(uint Index, ushort Leaf) : PdbType(Index);
