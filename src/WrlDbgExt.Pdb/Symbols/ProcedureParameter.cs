namespace WrlDbgExt.Pdb.Symbols;

/// <summary>An S_LOCAL flagged as a parameter (<c>u32 type, u16 flags</c> with bit 0 set, name); unnamed ones have "".</summary>
public sealed record ProcedureParameter(string Name, uint TypeIndex);
