using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability that later hosts fill in (PDB reader, debugger engine). Every member may decline
/// by returning false / null; callers then fall back to what they know without symbols.
/// </summary>
public interface ISymbolServices
{
    /// <summary>Address → <c>module!symbol</c> and displacement.</summary>
    bool TryGetName(ulong address, out string name, out ulong displacement);

    /// <summary><c>module!symbol</c> or <c>symbol</c> → address.</summary>
    bool TryGetAddress(string name, out ulong address);

    /// <summary>Layouts from the target's symbols; null when the host has none.</summary>
    ILayoutSource? Layouts { get; }
}
