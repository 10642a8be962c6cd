using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Scanning;

/// <summary>Everything a whole-target scan found: control blocks, weak-capable objects, buffers and references, and the findings.</summary>
/// <param name="Blocks">The control blocks (<see cref="BlockScanner"/>) and the memory searched.</param>
/// <param name="Objects">Weak-capable objects, by object start.</param>
/// <param name="Buffers">IMemoryBuffer and IMemoryBufferReference objects of the reference implementation, by object start.</param>
public sealed record ScanReport(BlockScanReport Blocks, IReadOnlyList<ObjectVerdict> Objects, IReadOnlyList<BufferVerdict> Buffers)
{
    public ScanResult Memory => Blocks.Memory;

    /// <summary>Every finding, in the order the rules list them.</summary>
    public IReadOnlyList<ScanFinding> Findings { get; init; } = [];

    /// <summary>Captured words (outside the block itself) that point into each destroyed block, by block address.</summary>
    public IReadOnlyDictionary<ulong, int> DestroyedBlockReferences { get; init; } = new Dictionary<ulong, int>();
}

/// <summary>
/// The one entry point hosts use (scan, triage, !wrlscan, analyze): every hit of every kind and its findings, with no
/// symbols (docs/debugger-engine.md §17). The pointer scan's candidates (aligned words outside the images pointing into
/// one) are decoded as blocks (<see cref="BlockScanner"/>), then each is asked, in this order, whether it begins a
/// buffer or reference (three vtables and a state that names it back), an object of a class a block links back to
/// (the same vtables at the same offsets and a count where that object keeps its word), or a count-mode object of a
/// flavour's shape (not on a thread's stack, and with two vtables at least unless symbols confirm it). Objects in pointer mode come from their blocks' back-links. Where the target has symbols, they
/// confirm an object (its class) or refute it (a class that is no flavour's).
/// </summary>
public static class TargetScanner
{
    /// <param name="target">What to scan.</param>
    /// <param name="layouts">The flavours' layouts.</param>
    /// <param name="cancelled">Polled between chunks and candidates.</param>
    /// <param name="readAhead">Read the next chunk on a second thread while this one is searched, where the target allows
    /// it: for a single scan on an otherwise idle machine, not for many at once.</param>
    public static ScanReport? Scan(ITargetMemory target, ILayoutSource layouts, Func<bool>? cancelled = null, bool readAhead = false)
    {
        var candidates = new List<PointerHit>();
        var dead = new DestroyedReferenceCount(target.PointerSize);
        var options = new PointerScanOptions(ReadAhead: readAhead, Also: dead.Search);
        if (BlockScanner.Scan(target, layouts, cancelled, onCandidate: candidates.Add, options, dead.Found) is not { } blocks) return null;
        int ptr = target.PointerSize;
        var taken = new AddressRangeSet(); // what a hit already explains: a candidate inside begins nothing new
        foreach (var b in blocks.Hits) taken.Add(b.Address, Math.Max(b.Block.Layout.Size, (uint)ptr));

        // Pointer-mode objects: the live targets that link back to their blocks.
        var objects = new Dictionary<ulong, ObjectVerdict>();
        foreach (var block in blocks.Hits)
        {
            if (!block.State.TargetLives() || block.TargetAddress is not { } identity || !block.Reasons.Any(r => r.Code == ReasonCode.BackLinkFound)) continue;
            var obj = ObjectDecoder.Decode(target, layouts, identity, block.Flavour);
            if (obj is { Found: true, ObjectStart: { } start, Block: { } b } && b.Address == block.Address) objects.TryAdd(start, obj);
        }
        var siblings = objects.Values.Where(o => o.ObjectStart is { } s && o.InterfacePointers.Contains(s))
            .GroupBy(o => FirstVfTable(target, o)).Where(g => g.Key is not null).ToDictionary(g => g.Key!.Value, g => g.First());
        foreach (var o in objects.Values) taken.Add(o.ObjectStart!.Value, Math.Max(o.ObjectSize ?? 0, (uint)ptr));

        var buffers = new List<BufferVerdict>();
        var unconfirmed = new HashSet<ulong>();
        var stacks = (target as IThreadList)?.Threads.Where(t => t.StackSize > 0).ToList() ?? [];
        foreach (var hit in candidates)
        {
            if (cancelled?.Invoke() == true) break;
            if (taken.Contains(hit.Address)) continue;
            // A destroyed buffer whose memory still names its state is listed as such (bufferDestroyed), as membuf says it.
            if (MemoryBufferDecoder.DecodeAt(target, layouts, hit.Address) is { Found: true, ObjectStart: { } bs } buffer)
            {
                buffers.Add(buffer);
                taken.Add(bs, Math.Max(buffer.Object?.Layout.Size ?? 0, (uint)ptr));
                continue;
            }
            // Stacks hold return addresses into images, which look like vtable pointers: a shape alone does not stand there.
            var found = (siblings.TryGetValue(hit.Value, out var sibling) ? ObjectDecoder.SiblingAt(target, hit.Address, sibling) : null)
                ?? (stacks.Any(t => hit.Address - t.StackStart < t.StackSize) ? null : ObjectDecoder.ShapeAt(target, hit.Address));
            if (found is { ObjectStart: { } os })
            {
                objects.TryAdd(os, found);
                if (found.Finding == ObjectFinding.Shape && !ShapeAlone(target, found)) unconfirmed.Add(os);
                taken.Add(os, Math.Max(found.ObjectSize ?? 0, (uint)ptr));
            }
        }
        var list = Confirm(target, layouts, objects.Values, unconfirmed).OrderBy(o => o.ObjectStart).ToList();
        var destroyed = dead.Finish(target, blocks, cancelled, readAhead);
        var report = new ScanReport(blocks, list, [.. buffers.OrderBy(b => b.ObjectStart)]) { DestroyedBlockReferences = destroyed };
        return report with { Findings = ScanRules.Of(report) };
    }

    /// <summary>Counts above this, found by a shape alone, are more likely sizes or flags than references (docs/debugger-engine.md §17).</summary>
    public const int ShapeAloneCountLimit = 0xFFFF;

    /// <summary>How far apart one object's vtable pointers may lie for a shape match to stand alone.</summary>
    public const ulong VfTableSpread = 0x1000;

    /// <summary>
    /// Whether a shape match stands without symbols: at least two distinct, aligned vtable pointers within
    /// <see cref="VfTableSpread"/> of each other in one image, and a count
    /// a program holds (a single vtable and a small number is any C++ object with an int after its vfptr).
    /// </summary>
    private static bool ShapeAlone(ITargetMemory target, ObjectVerdict o)
    {
        if (o.StrongCount is not { } n || (n > ShapeAloneCountLimit && n != int.MaxValue)) return false;
        var vtables = new List<ulong>();
        foreach (var i in o.InterfacePointers)
            if (target.TryReadPointer(i, out ulong vf)) vtables.Add(vf);
        if (vtables.Count < 2 || vtables.Distinct().Count() != vtables.Count) return false;
        // A class's vftables are emitted together in one image's read-only data; code and data pointers spread further.
        if (vtables.Any(v => v % (ulong)target.PointerSize != 0) || vtables.Max() - vtables.Min() > VfTableSpread) return false;
        var images = vtables.Select(v => Plausibility.ImageOf(target, v)?.ImageBase).Distinct().ToList();
        return images.Count == 1 && images[0] is not null;
    }

    private static ulong? FirstVfTable(ITargetMemory target, ObjectVerdict o) =>
        o.ObjectStart is { } s && target.TryReadPointer(s, out ulong vf) ? vf : null;

    /// <summary>
    /// Where the target has symbols: an object whose class they name is decoded from them (its class and word member);
    /// a structural hit whose vftable names a class that is no flavour's is dropped, and so is a weak shape match
    /// (<paramref name="unconfirmed"/>) that symbols do not confirm.
    /// </summary>
    private static IEnumerable<ObjectVerdict> Confirm(ITargetMemory target, ILayoutSource layouts, IEnumerable<ObjectVerdict> objects, HashSet<ulong> unconfirmed)
    {
        if (target.Symbols() is null || target.TypeMembers() is null)
        {
            foreach (var o in objects)
                if (o.ObjectStart is { } s && !unconfirmed.Contains(s)) yield return o;
            yield break;
        }
        foreach (var o in objects)
        {
            if (o.Finding is ObjectFinding.Symbols || o.ObjectStart is not { } start) { yield return o; continue; }
            var named = ObjectDecoder.Decode(target, layouts, start);
            if (named.Finding == ObjectFinding.Symbols && named.ObjectStart == start)
            {
                // A named class whose count or block says it is gone is a freed object's remains, not an object.
                if (named.State?.TargetLives() == true) yield return named;
                continue;
            }
            // Symbols that name the vftable's class but not a flavour's word member: not a weak-capable object.
            bool classNamed = target.TryReadPointer(start, out ulong vf) && TargetInspector.SymbolOf(target, vf) is { } symbol
                && Flavours.SymbolPattern.VfTableClass(symbol) is not null;
            // A back-link, or the very vtables of an object a block links back to, outweighs a class name.
            if (o.Finding is ObjectFinding.BackLink or ObjectFinding.Sibling || (!classNamed && !unconfirmed.Contains(start))) yield return o;
        }
    }

    /// <summary>
    /// Every destroyed block's references (captured words outside it whose value points into it), counted mostly during
    /// the scan that finds the blocks: from the candidate that decodes as a destroyed block on, each chunk is also
    /// searched for words pointing into it; only the memory before it, which that search had passed, is read again
    /// (once, up to the last such block), and a block decoded after the scan is looked for in all memory.
    /// </summary>
    private sealed class DestroyedReferenceCount
    {
        private readonly List<(ulong Block, ulong Size, ulong From)> _found = []; // by the search's range index
        private readonly Dictionary<ulong, int> _byBlock = [];                    // block -> its index in _found
        private int[] _hits = [];

        public DestroyedReferenceCount(int pointerSize)
        {
            _ptr = pointerSize;
            Search = new GrowingSearch(hit =>
            {
                var (block, size, from) = _found[hit.Range];
                if (hit.Address >= from && hit.Address - block >= size) _hits[hit.Range]++;
            });
        }

        private readonly int _ptr;

        public GrowingSearch Search { get; }

        public void Found(WeakReferenceVerdict verdict, PointerHit candidate)
        {
            if (verdict.State != WeakReferenceState.ControlBlockDestroyed || _byBlock.ContainsKey(verdict.Address)) return;
            ulong size = Math.Max(verdict.Block.Layout.Size, (uint)_ptr);
            _byBlock[verdict.Address] = _found.Count;
            _found.Add((verdict.Address, size, candidate.Address));
            Array.Resize(ref _hits, _found.Count);
            Search.Add(new WantedRange(verdict.Address, size));
        }

        public Dictionary<ulong, int> Finish(ITargetMemory target, BlockScanReport blocks, Func<bool>? cancelled, bool readAhead)
        {
            var counts = new Dictionary<ulong, int>();
            var rest = new List<(ulong Block, ulong Size, ulong Before)>(); // what the second pass counts: words below Before
            foreach (var h in blocks.Hits.Where(h => h.State == WeakReferenceState.ControlBlockDestroyed))
            {
                ulong size = Math.Max(h.Block.Layout.Size, (uint)_ptr);
                bool searched = _byBlock.TryGetValue(h.Address, out int i) && _found[i].Size == size;
                counts[h.Address] = searched ? _hits[i] : 0;
                rest.Add((h.Address, size, searched ? _found[i].From : ulong.MaxValue));
            }
            if (rest.Count == 0) return counts;
            var ranges = rest.Select(r => new WantedRange(r.Block, r.Size)).ToList();
            PointerScanner.Scan(target, ranges, cancelled, onHit: hit =>
            {
                var (block, size, before) = rest[hit.Range];
                if (hit.Address < before && hit.Address - block >= size) counts[block]++;
            }, options: new PointerScanOptions(ReadAhead: readAhead, Below: rest.Max(r => r.Before)));
            return counts;
        }
    }
}
