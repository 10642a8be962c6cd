using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Picks the flavour of a block: forced by the user, else named by the vfptr's symbol where symbols exist, else
/// the flavour whose structure fits best. An address may also be a tear-off inside a block (C++/WinRT's
/// IWeakReferenceSource, windows-rs's IWeakReference): then the block it belongs to is decoded. When several
/// flavours fit equally without symbols, the verdict says so.
/// </summary>
public static class FlavourDetector
{
    // objectHints: ask whether an unconfirmed reading is really an object (a search of the bytes around it); a whole-target
    // scan, which decodes every candidate and confirms blocks by their vftables, does without.
    public static WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor? forced = null,
        bool objectHints = true)
    {
        int ptr = target.PointerSize;
        if (forced is not null)
        {
            var direct = ControlBlockDecoder.Decode(target, layouts, address, forced);
            if (Rank(direct) < NotABlock) return direct;
            foreach (var tearOff in forced.TearOffs(ptr))
            {
                var via = ViaTearOff(target, layouts, address, forced, tearOff);
                if (via is not null && Rank(via) < NotABlock) return via;
            }
            return direct;
        }
        if (target.TryReadPointer(address, out ulong vfptr) && TargetInspector.SymbolOf(target, vfptr) is { } symbol)
        {
            if (FlavourCatalog.ByVfTableSymbol(symbol) is { } named) return ControlBlockDecoder.Decode(target, layouts, address, named);
            foreach (var flavour in FlavourCatalog.All)
                if (flavour.TearOffNamed(symbol, ptr) is { } tearOff && ViaTearOff(target, layouts, address, flavour, tearOff) is { } via)
                    return via;
        }

        var candidates = new List<WeakReferenceVerdict>();
        foreach (var flavour in FlavourCatalog.All)
        {
            if (layouts.FindLayout(flavour.ControlBlockType, target.Architecture) is null) continue;
            candidates.Add(ControlBlockDecoder.Decode(target, layouts, address, flavour));
            foreach (var tearOff in flavour.TearOffs(ptr))
                if (ViaTearOff(target, layouts, address, flavour, tearOff) is { } via) candidates.Add(via);
        }
        if (candidates.Count == 0) throw new LayoutMismatchException($"no flavour has a layout for {target.Architecture.DisplayName()} in {layouts.Name}");

        // Stable: among equals the catalog's order decides.
        var best = candidates.Select((v, i) => (v, i)).OrderBy(c => Rank(c.v)).ThenBy(c => c.i).First().v;
        if (objectHints && best.Identity != BlockIdentity.Symbols && !best.Unreadable && ObjectInstead(target, layouts, address, best) is { } isObject)
        {
            if (isObject.Identity != BlockIdentity.Structure) return isObject;
            best = isObject; // the reading stands beside a shape hint: other flavours may still read it alike
        }
        if (best.Identity != BlockIdentity.Structure) return best;
        // Other flavours' readings of the same memory in the same state: with the same counts (same layout) the structure
        // fits them just as well; with other counts it still cannot tell them apart, and says so.
        var others = candidates.Where(c => c.Flavour != best.Flavour && Rank(c) == Rank(best) && c.Address == best.Address && c.State == best.State).ToList();
        bool SameCounts(WeakReferenceVerdict c) => c.StrongCount == best.StrongCount && c.WeakCount == best.WeakCount;
        var alike = others.Where(SameCounts).Select(c => c.Flavour.DisplayName).Distinct().ToList();
        var readsAs = others.Where(c => !SameCounts(c)).Select(c => c.Flavour.DisplayName).Distinct().Except(alike).ToList();
        var reasons = best.Reasons.ToList();
        if (alike.Count > 0) reasons.Add(Reason.Of(ReasonCode.StructureAlsoFits, ReasonArg.Label("flavours", string.Join(" or ", alike))));
        if (readsAs.Count > 0) reasons.Add(Reason.Of(ReasonCode.StructureAlsoReadsAs, ReasonArg.Label("flavours", string.Join(" or ", readsAs))));
        return reasons.Count == best.Reasons.Count ? best : best with { Reasons = reasons };
    }

    private const int NotABlock = 4;

    /// <summary>
    /// A block read by structure alone, at an address that is really an object: the object's word links to a block
    /// whose target is this object, a better explanation than any unconfirmed block reading: the answer becomes "not a
    /// control block" with the hint to use obj. Where only an object shape fits (as weak a clue as the block's own
    /// structure), a corrupt or not-a-block reading keeps its state and gains the hint. Null when the reading stands.
    /// </summary>
    private static WeakReferenceVerdict? ObjectInstead(ITargetMemory target, ILayoutSource layouts, ulong address, WeakReferenceVerdict best)
    {
        int rank = Rank(best);
        if (rank == 0) return null; // the block's own target links back, or a sentinel: it is a block
        var obj = ObjectDecoder.Decode(target, layouts, address);
        if (obj.ObjectStart is not { } start || obj.WordAddress is not { } word || address < start
            || address - start >= Math.Max(obj.ObjectSize ?? 0, (uint)target.PointerSize)) return null;
        Reason hint;
        if (obj.Finding == ObjectFinding.BackLink && obj.Block is { } block)
            hint = Reason.Of(ReasonCode.HintObjectWord, ReasonArg.Address("address", address), ReasonArg.Address("wordAddress", word),
                ReasonArg.Integer("offset", (long)(word - address)), ReasonArg.Address("block", block.Address),
                ReasonArg.Label("flavour", obj.Flavour!.DisplayName));
        else if (obj.Finding == ObjectFinding.Shape && rank >= 3)
            return best with
            {
                Reasons = [.. best.Reasons.Where(r => r.Code != ReasonCode.HintObjectWord), Reason.Of(ReasonCode.HintObjectShape,
                    ReasonArg.Address("address", address), ReasonArg.Address("wordAddress", word), ReasonArg.Label("flavour", obj.Flavour!.DisplayName))],
            };
        else return null;
        return best with { State = WeakReferenceState.NotAControlBlock, Identity = BlockIdentity.None, Target = null, Reasons = [hint] };
    }

    /// <summary>
    /// A decoded state whose target links back beats one without, which beats incomplete (another flavour's bigger
    /// layout ran past captured memory: say so rather than call a smaller reading corrupt), corrupt and not a block.
    /// </summary>
    private static int Rank(WeakReferenceVerdict v) => v.State switch
    {
        WeakReferenceState.Incomplete => 2,
        WeakReferenceState.Corrupt => 3,
        WeakReferenceState.NotAControlBlock => NotABlock,
        _ => v.Target?.BackLinkOffset is not null || v.Reasons.Any(r => SentinelCodes.Contains(r.Code)) ? 0 : 1,
    };

    /// <summary>A count holding the flavour's own sentinel is as telling as a back-link.</summary>
    private static readonly HashSet<ReasonCode> SentinelCodes =
    [
        ReasonCode.StrongZeroSentinel, ReasonCode.BothCountsDestroyed, ReasonCode.StrongDestroyedSentinel,
        ReasonCode.StrongSaturated, ReasonCode.StrongBeingCreated,
    ];

    /// <summary>The block that holds a tear-off at <paramref name="address"/>, or null when that block is not one.</summary>
    private static WeakReferenceVerdict? ViaTearOff(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor flavour, BlockTearOff tearOff)
    {
        if (address < (ulong)tearOff.Offset) return null;
        ulong block = address - (ulong)tearOff.Offset;
        var verdict = ControlBlockDecoder.Decode(target, layouts, block, flavour, searchHint: false);
        if (verdict.State is WeakReferenceState.NotAControlBlock or WeakReferenceState.Incomplete) return null;
        var found = Reason.Of(ReasonCode.DecodedFromTearOff, ReasonArg.Address("address", address), ReasonArg.Integer("offset", tearOff.Offset),
            ReasonArg.Label("interface", tearOff.Interface), ReasonArg.Label("type", tearOff.Type), ReasonArg.Address("block", block));
        return verdict with { Reasons = [found, .. verdict.Reasons] };
    }
}
