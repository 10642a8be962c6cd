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

    /// <summary>Listed modules whose range holds another module's base: not images a vtable can be in (see <see cref="BlockScanner.Images"/>).</summary>
    public IReadOnlyList<TargetModule> ImagesSkipped { get; init; } = [];
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
    // onCandidate: also given every candidate (a word outside the images pointing into one), in address order;
    // onDecoded: each block decoded during the pointer scan, with its candidate (blocks decoded after the scan are not given).
    public static BlockScanReport? Scan(ITargetMemory target, ILayoutSource layouts, Func<bool>? cancelled = null, Action<PointerHit>? onCandidate = null,
        PointerScanOptions? options = null, Action<WeakReferenceVerdict, PointerHit>? onDecoded = null)
    {
        if (target.Modules() is not { Modules.Count: > 0 } modules) return null;
        var (usable, skipped) = Images(modules.Modules);
        var images = usable.Select(m => new WantedRange(m.ImageBase, m.ImageSize)).ToList();
        var decoded = new List<(WeakReferenceVerdict Verdict, ulong Vfptr, ulong Candidate)>();
        // Candidates that can neither confirm a vftable nor be destroyed blocks (BlockPrefilter) wait, 16 bytes each, until the scan
        // knows whether their vftable is a block's: most of a heap's vfptr-like words are other objects', and a decode
        // costs a score of reads.
        var waiting = new List<(ulong Address, ulong Vfptr)>();
        long candidates = 0;
        var prefilter = new BlockPrefilter(target, layouts);
        void Decode(PointerHit hit)
        {
            if (images.Any(i => i.Contains(hit.Address))) return; // vftables and code live in images; blocks do not
            candidates++;
            onCandidate?.Invoke(hit);
            if (!prefilter.MayConfirmOrBeDestroyed(hit.Address)) { waiting.Add((hit.Address, hit.Value)); return; }
            var verdict = FlavourDetector.Decode(target, layouts, hit.Address, objectHints: false);
            if (verdict.State == WeakReferenceState.NotAControlBlock) return;
            decoded.Add((verdict, hit.Value, hit.Address));
            onDecoded?.Invoke(verdict, hit);
        }
        if (PointerScanner.Scan(target, images, cancelled, onHit: Decode, options: options) is not { } memory) return null;
        // A vfptr value's flavour: the first block with it that its target links back to, or whose symbol names it.
        var vftables = new Dictionary<ulong, FlavourDescriptor>();
        foreach (var (verdict, vfptr, _) in decoded)
            if (verdict.Identity == BlockIdentity.Symbols || verdict.Reasons.Any(r => r.Code == ReasonCode.BackLinkFound))
                vftables.TryAdd(vfptr, verdict.Flavour);
        foreach (var (address, vfptr) in waiting)
        {
            if (!vftables.ContainsKey(vfptr) || cancelled?.Invoke() == true) continue;
            var verdict = FlavourDetector.Decode(target, layouts, address, objectHints: false);
            if (verdict.State != WeakReferenceState.NotAControlBlock) decoded.Add((verdict, vfptr, address));
        }
        decoded.Sort((a, b) => a.Candidate.CompareTo(b.Candidate)); // the order of the memory, as if each were decoded when found
        var kept = new List<WeakReferenceVerdict>();
        var vfptrs = new Dictionary<ulong, ulong>();
        foreach (var (verdict, vfptr, _) in decoded)
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
        return new BlockScanReport(blocks, candidates, memory, vfptrs) { ImagesSkipped = skipped };
    }

    /// <summary>
    /// The modules whose ranges a scan takes as images. Left out: a module whose listed range holds another module's
    /// base (images never overlap in a process), and one whose base is not a multiple of 64 KiB (Windows maps images
    /// at its allocation granularity: docs/debugger-engine.md §17.5). Such a range, from a damaged or hostile module
    /// list, can cover the heap and make every heap pointer a candidate (a mutated 240 KB dump made 21,844 of them).
    /// </summary>
    /// <summary>Windows' allocation granularity, the alignment of every mapped image's base.</summary>
    public const ulong AllocationGranularity = 0x10000;

    public static (IReadOnlyList<TargetModule> Usable, IReadOnlyList<TargetModule> Skipped) Images(IReadOnlyList<TargetModule> modules)
    {
        var bases = modules.Select(m => m.ImageBase).Order().ToArray();
        var usable = new List<TargetModule>();
        var skipped = new List<TargetModule>();
        foreach (var m in modules)
        {
            // Another base in [ImageBase, end): the first base above ImageBase (or a second one equal to it).
            int i = Array.BinarySearch(bases, m.ImageBase);
            while (i > 0 && bases[i - 1] == m.ImageBase) i--;
            bool holdsAnother = i + 1 < bases.Length && bases[i + 1] - m.ImageBase < m.ImageSize;
            bool unaligned = m.ImageBase == 0 || m.ImageBase % AllocationGranularity != 0;
            (holdsAnother || unaligned ? skipped : usable).Add(m);
        }
        return (usable, skipped);
    }
}
