namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_ENUMERATE: one named value of an enum.</summary>
public sealed record Enumerator(string Name, NumericValue Value, FieldAccess Access);
