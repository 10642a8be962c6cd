namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: names for addresses and addresses for names (the engine's symbols, later a PDB
/// reader). Apart from layouts on purpose: a host may name addresses without knowing any type.
/// Every member may decline; callers then say what they know without symbols.
/// </summary>
public interface ISymbolLookup
{
    /// <summary>Address → <c>module!symbol</c> and the displacement past it.</summary>
    bool TryGetName(ulong address, out string name, out ulong displacement);

    /// <summary><c>module!symbol</c> or <c>symbol</c> → address.</summary>
    bool TryGetAddress(string name, out ulong address);
}
