using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Scanning;

/// <summary>What a whole-target scan for control blocks found, and how much it looked at.</summary>
/// <param name="Hits">Blocks in address order, each with its verdict.</param>
/// <param name="Candidates">Aligned words outside the images pointing into one (vfptr candidates), every one decoded.</param>
/// <param name="Memory">The pointer scan's account of the memory searched.</param>
/// <param name="VfTables">Each hit's vfptr value, by block address.</param>
public sealed record BlockScanReport(IReadOnlyList<WeakReferenceVerdict> Hits, long Candidates, ScanResult Memory,
    IReadOnlyDictionary<ulong, ulong> VfTables)
{
    public ulong? VfTableOf(WeakReferenceVerdict hit) => VfTables.TryGetValue(hit.Address, out ulong v) ? v : null;
}

/// <summary>
/// Every weak-reference control block of every flavour in the target's captured memory, without symbols
/// (docs/debugger-engine.md §17): each aligned word outside the images that points into one is a vfptr candidate and
/// is decoded as a block; a vfptr value counts as a flavour's block vftable once a block with it has a back-link from
/// its live target (or its symbol names the flavour's vftable), and only blocks with such a vftable are kept,
/// decoded as that flavour (C++/WinRT and windows-rs share a shape); a tear-off face's candidate decodes to its
/// block, which is listed once, and a hit one pointer after another of the same flavour is such a face.
/// </summary>
public static class BlockScanner
{
    // onCandidate: also given every candidate (a word outside the images pointing into one), in address order.
    public static BlockScanReport? Scan(ITargetMemory target, ILayoutSource layouts, Func<bool>? cancelled = null, Action<PointerHit>? onCandidate = null)
    {
        if (target.Modules() is not { Modules.Count: > 0 } modules) return null;
        var images = modules.Modules.Select(m => new WantedRange(m.ImageBase, m.ImageSize)).ToList();
        var decoded = new List<(WeakReferenceVerdict Verdict, ulong Vfptr)>();
        long candidates = 0;
        // Each candidate is decoded as the pointer scan finds it: no list of candidates, whatever the dump's size.
        void Decode(PointerHit hit)
        {
            if (images.Any(i => i.Contains(hit.Address))) return; // vftables and code live in images; blocks do not
            candidates++;
            onCandidate?.Invoke(hit);
            var verdict = FlavourDetector.Decode(target, layouts, hit.Address, objectHints: false);
            if (verdict.State != WeakReferenceState.NotAControlBlock) decoded.Add((verdict, hit.Value));
        }
        if (PointerScanner.Scan(target, images, cancelled, onHit: Decode) is not { } memory) return null;
        // A vfptr value's flavour: the first block with it that its target links back to, or whose symbol names it.
        var vftables = new Dictionary<ulong, FlavourDescriptor>();
        foreach (var (verdict, vfptr) in decoded)
            if (verdict.Identity == BlockIdentity.Symbols || verdict.Reasons.Any(r => r.Code == ReasonCode.BackLinkFound))
                vftables.TryAdd(vfptr, verdict.Flavour);
        var kept = new List<WeakReferenceVerdict>();
        var vfptrs = new Dictionary<ulong, ulong>();
        foreach (var (verdict, vfptr) in decoded)
        {
            if (!vftables.TryGetValue(vfptr, out var flavour)) continue;
            var block = verdict.Flavour == flavour ? verdict : FlavourDetector.Decode(target, layouts, verdict.Address, flavour);
            kept.Add(block);
            vfptrs.TryAdd(block.Address, vfptr);
        }
        int ptr = target.PointerSize;
        var starts = kept.Select(v => (v.Address, v.Flavour.Id)).ToHashSet();
        // A face's candidate decodes to its block's start: one hit per block.
        var blocks = kept.Where(v => !starts.Contains((v.Address - (ulong)ptr, v.Flavour.Id)))
            .GroupBy(v => v.Address).Select(g => g.First()).OrderBy(v => v.Address).ToList();
        return new BlockScanReport(blocks, candidates, memory, vfptrs);
    }
}
