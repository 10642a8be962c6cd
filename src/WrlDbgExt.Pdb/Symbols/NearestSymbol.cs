namespace WrlDbgExt.Pdb.Symbols;

/// <summary>The symbol at or below an RVA and how far past its start the RVA is (what `ln` prints as +0x…).</summary>
public sealed record NearestSymbol(PdbSymbol Symbol, uint Displacement);
