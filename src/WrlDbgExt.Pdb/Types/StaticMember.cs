namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_STMEMBER: a static data member (its address is a global symbol, not an offset).</summary>
public sealed record StaticMember(string Name, uint Type, FieldAccess Access);
