using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Picks the flavour of a block: forced by the user, else named by the vfptr's symbol where symbols exist,
/// else the first flavour whose structure fits; when none fits, the first flavour's "not a control block".
/// </summary>
public static class FlavourDetector
{
    public static WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor? forced = null)
    {
        if (forced is not null) return ControlBlockDecoder.Decode(target, layouts, address, forced);
        if (target.TryReadPointer(address, out ulong vfptr) && TargetInspector.SymbolOf(target, vfptr) is { } symbol
            && FlavourCatalog.ByVfTableSymbol(symbol) is { } named)
            return ControlBlockDecoder.Decode(target, layouts, address, named);

        // The flavour whose structure fits best: a decoded state beats "corrupt", which beats "not a block".
        WeakReferenceVerdict? best = null;
        foreach (var flavour in FlavourCatalog.All)
        {
            if (layouts.FindLayout(flavour.ControlBlockType, target.Architecture) is null) continue;
            var verdict = ControlBlockDecoder.Decode(target, layouts, address, flavour);
            if (Rank(verdict.State) == 0) return verdict;
            if (best is null || Rank(verdict.State) < Rank(best.State)) best = verdict;
        }
        return best ?? throw new LayoutMismatchException($"no flavour has a layout for {target.Architecture.DisplayName()} in {layouts.Name}");
    }

    private static int Rank(WeakReferenceState state) => state switch
    {
        WeakReferenceState.Corrupt => 1,
        WeakReferenceState.Incomplete => 2,
        WeakReferenceState.NotAControlBlock => 3,
        _ => 0,
    };
}
