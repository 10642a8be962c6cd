namespace WrlDbgExt.Pdb.Types;

/// <summary>One type: a simple (built-in) type below 0x1000, or a TPI record.</summary>
public abstract record PdbType(uint Index);
