namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_NESTTYPE / LF_NESTTYPEEX: a type declared inside the class, under its short name.</summary>
public sealed record NestedType(string Name, uint Type);
