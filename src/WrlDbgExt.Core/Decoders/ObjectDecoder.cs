using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Finds a weak-capable object's count-or-pointer word from an object or interface pointer, in this order:
/// symbols (the vftable names the class, the target's types give the word member's offset), a back-link (a
/// word near the address decodes to a block whose target is this object, where the flavour keeps its word),
/// then a count-mode shape (vtable pointers in images and a plausible count where a known layout puts them).
/// The search never leaves <see cref="SearchBytes"/> either side of the address.
/// </summary>
public static class ObjectDecoder
{
    /// <summary>How far before and after the address the structural search looks.</summary>
    public const int SearchBytes = 0x100;

    /// <summary>Counts a shape match accepts: real objects rarely have more; pointer halves have far more.</summary>
    private const uint ShapeCountLimit = ControlBlockDecoder.StructuralCountLimit;

    public static ObjectVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor? forced = null)
    {
        int ptr = target.PointerSize;
        ulong lo = address - Math.Min(address, (ulong)SearchBytes);
        lo -= lo % (ulong)ptr;
        ulong hi = address + SearchBytes;
        var flavours = forced is null ? FlavourCatalog.All : [forced];
        if (!target.TryReadPointer(address, out _))
            return NotFound(address, ObjectFinding.Unreadable, lo, hi, [Reason.Of(ReasonCode.NothingReadable, ReasonArg.Address("address", address))]);

        var window = Window.Read(target, lo, hi);
        return FromSymbols(target, layouts, address, flavours, window)
            ?? FromBackLink(target, layouts, address, flavours, window)
            ?? FromShape(target, address, flavours, window)
            ?? NotFound(address, ObjectFinding.NotFound, window.Start, window.End,
                [Reason.Of(ReasonCode.NoCountWord, ReasonArg.Address("from", window.Start), ReasonArg.Address("to", window.End),
                    ReasonArg.Label("flavours", string.Join(", ", flavours.Select(f => f.DisplayName))),
                    ReasonArg.Integer("missing", window.MissingBytes))]);
    }

    // --- 1. symbols -------------------------------------------------------------------------------------------

    private static ObjectVerdict? FromSymbols(ITargetMemory target, ILayoutSource layouts, ulong address, IReadOnlyList<FlavourDescriptor> flavours, Window window)
    {
        int ptr = target.PointerSize;
        if (target.TypeMembers() is not { } members || ClassAt(target, window, address) is not { } cls) return null;
        string type = $"{cls.Module}!{cls.Name}";
        if (!members.TryGetTypeSize(type, out uint size) || size == 0) return null;
        // Flavours with markers first: a class that has them is theirs even where the word's name is shared.
        foreach (var flavour in flavours.OrderBy(f => f.ClassMarkers.Count == 0))
        {
            if (!flavour.ClassMarkers.All(m => members.TryGetFieldOffset(type, m, out _))) continue;
            foreach (var field in flavour.WordFields)
            {
                if (!members.TryGetFieldOffset(type, field, out uint offset)) continue;
                // The object starts at the lowest slot, no further back than its size, whose vtable is the class's.
                ulong start = address;
                for (ulong slot = address; slot >= window.Start && address - slot < size; slot -= (ulong)ptr)
                {
                    if (ClassAt(target, window, slot) is { } c && c.Name == cls.Name) start = slot;
                    if (slot < (ulong)ptr) break;
                }
                var interfaces = Interfaces(target, window, start, size, s => ClassAt(target, window, s)?.Name == cls.Name);
                var reason = Reason.Of(ReasonCode.ObjectWordFromSymbols, ReasonArg.Label("class", type), ReasonArg.Label("field", field), ReasonArg.Integer("offset", offset));
                return Finish(target, layouts, address, flavour, ObjectFinding.Symbols, cls.Name, start, size, interfaces, start + offset, field, window, reason);
            }
        }
        return null;
    }

    private readonly record struct ClassName(string Module, string Name);

    /// <summary>The class whose vftable the word at <paramref name="slot"/> points to, by symbol.</summary>
    private static ClassName? ClassAt(ITargetMemory target, Window window, ulong slot)
    {
        if (window.Word(slot) is not { } vf || TargetInspector.SymbolOf(target, vf) is not { } symbol || symbol.Contains('+')) return null;
        int bang = symbol.IndexOf('!');
        return bang > 0 && SymbolPattern.VfTableClass(symbol) is { } name ? new ClassName(symbol[..bang], name) : null;
    }

    // --- 2. back-link ----------------------------------------------------------------------------------------

    private static ObjectVerdict? FromBackLink(ITargetMemory target, ILayoutSource layouts, ulong address, IReadOnlyList<FlavourDescriptor> flavours, Window window)
    {
        int ptr = target.PointerSize;
        (ObjectVerdict Verdict, int Rank)? best = null;
        for (ulong w = window.Start; w + (ulong)ptr <= window.End; w += (ulong)ptr)
        {
            if (window.Word(w) is not { } raw) continue;
            foreach (var flavour in flavours)
            {
                ulong block;
                if (flavour.WordEncoding == ObjectWordEncoding.BlockPointer) block = raw;
                else if (CountOrPointerWord.FromRaw(raw, ptr) is { IsPointer: true } word) block = word.ControlBlock;
                else continue;
                if (Plausibility.CheckPointer(block, ptr, ptr) != PointerProblem.None) continue;
                if (layouts.FindLayout(flavour.ControlBlockType, target.Architecture) is null) continue;
                var v = ControlBlockDecoder.Decode(target, layouts, block, flavour, searchHint: false);
                if (v.State is WeakReferenceState.NotAControlBlock or WeakReferenceState.Incomplete || v.TargetAddress is not { } identity || identity == 0) continue;
                long fromIdentity = (long)(w - identity);
                if (!flavour.WordOffsetFits(fromIdentity, ptr)) continue;
                ulong start = identity - (ulong)flavour.IdentityOffset(ptr);
                // The word and the address lie in one object: the address is at most its last vtable pointer or its word.
                ulong end = VtableRunEnd(target, window, Math.Max(w, identity) + (ulong)ptr);
                if (start > address || start > w || address >= end || end - start > 2 * SearchBytes) continue;
                // A live target names this block from the same word; a dead one's memory is not trusted for more.
                if (v.State.TargetLives() && v.Target?.BackLinkOffset != fromIdentity) continue;
                uint extent = (uint)(end - start);
                var interfaces = Interfaces(target, window, start, extent, s => IsVfTable(target, window, s));
                var reason = Reason.Of(ReasonCode.ObjectWordFromBackLink, ReasonArg.Address("wordAddress", w), ReasonArg.Address("block", block),
                    ReasonArg.Label("flavour", flavour.DisplayName));
                var candidate = Finish(target, layouts, address, flavour, ObjectFinding.BackLink, null, start, extent, interfaces, w,
                    flavour.WordFields[0], window, reason, v);
                // A consistent reading beats a corrupt one; then the nearest object start at or below the address.
                int rank = v.State == WeakReferenceState.Corrupt ? 1 : 0;
                if (best is null || rank < best.Value.Rank || (rank == best.Value.Rank && candidate.ObjectStart > best.Value.Verdict.ObjectStart))
                    best = (candidate, rank);
            }
        }
        return best?.Verdict;
    }

    /// <summary>Past a run of vtable pointers starting at <paramref name="from"/> (C++/WinRT's interfaces follow its word).</summary>
    private static ulong VtableRunEnd(ITargetMemory target, Window window, ulong from)
    {
        ulong at = from;
        while (at < window.End && IsVfTable(target, window, at)) at += (ulong)target.PointerSize;
        return at;
    }

    // --- for a whole-target scan: objects that start exactly at an address --------------------------------------

    /// <summary>
    /// The count-mode object of a known shape whose first vtable pointer is at <paramref name="start"/> (every shape has
    /// one at +0), the shape with most vtables winning; null when none fits or the slot before is a vtable pointer too
    /// (then <paramref name="start"/> is not where the object begins).
    /// </summary>
    public static ObjectVerdict? ShapeAt(ITargetMemory target, ulong start)
    {
        int ptr = target.PointerSize;
        if (start < (ulong)ptr || start % (ulong)ptr != 0) return null;
        var window = Window.Read(target, start - (ulong)ptr, start + SearchBytes);
        if (IsVfTable(target, window, start - (ulong)ptr) || !IsVfTable(target, window, start)) return null;
        (FlavourDescriptor Flavour, ObjectShape Shape)? best = null;
        foreach (var flavour in FlavourCatalog.All)
        {
            if (flavour.WordEncoding != ObjectWordEncoding.CountOrPointer) continue;
            foreach (var shape in ShapesOf(flavour, ptr))
                if (Fits(target, window, start, shape) && (best is null || shape.VfTableOffsets.Count > best.Value.Shape.VfTableOffsets.Count))
                    best = (flavour, shape);
        }
        if (best is not { } b) return null;
        var reason = Reason.Of(ReasonCode.ObjectWordFromShape, ReasonArg.Label("shape", b.Shape.Name), ReasonArg.Label("flavour", b.Flavour.DisplayName),
            ReasonArg.Integer("offset", b.Shape.WordOffset));
        var interfaces = b.Shape.VfTableOffsets.Select(o => start + (ulong)o).ToList();
        uint extent = (uint)(Math.Max(b.Shape.WordOffset, b.Shape.VfTableOffsets.Max()) + ptr);
        return Finish(target, null, start, b.Flavour, ObjectFinding.Shape, null, start, extent, interfaces, start + (ulong)b.Shape.WordOffset,
            b.Flavour.WordFields[0], window, reason);
    }

    /// <summary>
    /// A count-mode object at <paramref name="start"/> with exactly the vtable pointers <paramref name="sibling"/> (an
    /// object found by back-link) has at the same offsets, and a plausible count where the sibling keeps its word: an
    /// object of the same class whose block was never made. Null when anything differs.
    /// </summary>
    public static ObjectVerdict? SiblingAt(ITargetMemory target, ulong start, ObjectVerdict sibling)
    {
        int ptr = target.PointerSize;
        if (sibling is not { ObjectStart: { } from, WordAddress: { } siblingWord, Flavour: { } flavour, InterfacePointers.Count: > 0 } || start == from) return null;
        var offsets = sibling.InterfacePointers.Select(i => i - from).Append(siblingWord - from).ToList();
        ulong hi = start + offsets.Max() + (ulong)ptr;
        var window = Window.Read(target, start, hi);
        var theirs = Window.Read(target, from, from + offsets.Max() + (ulong)ptr);
        foreach (var i in sibling.InterfacePointers)
            if (theirs.Word(i) is not { } vf || window.Word(start + (i - from)) != vf) return null;
        ulong wordAt = start + (siblingWord - from);
        if (window.Word(wordAt) is not { } raw || !PlausibleCount(raw, ptr)) return null;
        var reason = Reason.Of(ReasonCode.ObjectWordFromSibling, ReasonArg.Address("sibling", from), ReasonArg.Label("flavour", flavour.DisplayName),
            ReasonArg.Integer("offset", (long)(siblingWord - from)));
        var interfaces = sibling.InterfacePointers.Select(i => start + (i - from)).ToList();
        return Finish(target, null, start, flavour, ObjectFinding.Sibling, null, start, sibling.ObjectSize ?? (uint)(hi - start), interfaces, wordAt,
            sibling.WordField ?? flavour.WordFields[0], window, reason);
    }

    /// <summary>A count-mode word a live object can hold: positive, at most the structural limit, or saturated.</summary>
    private static bool PlausibleCount(ulong raw, int ptr)
    {
        var word = CountOrPointerWord.FromRaw(raw, ptr);
        if (word.IsPointer || (ptr == 8 && raw >> 32 != 0)) return false;
        return word.Count != 0 && (word.Count <= ShapeCountLimit || word.Count == int.MaxValue);
    }

    // --- 3. count-mode shapes --------------------------------------------------------------------------------

    private static ObjectVerdict? FromShape(ITargetMemory target, ulong address, IReadOnlyList<FlavourDescriptor> flavours, Window window)
    {
        int ptr = target.PointerSize;
        (FlavourDescriptor Flavour, ObjectShape Shape, ulong Start)? best = null;
        foreach (var flavour in flavours)
        {
            if (flavour.WordEncoding != ObjectWordEncoding.CountOrPointer) continue;
            foreach (var shape in ShapesOf(flavour, ptr))
            {
                foreach (int at in shape.VfTableOffsets)
                {
                    if (address < (ulong)at) continue;
                    ulong start = address - (ulong)at;
                    if (!Fits(target, window, start, shape)) continue;
                    if (best is null || shape.VfTableOffsets.Count > best.Value.Shape.VfTableOffsets.Count)
                        best = (flavour, shape, start);
                }
            }
        }
        if (best is not { } b) return null;
        var reason = Reason.Of(ReasonCode.ObjectWordFromShape, ReasonArg.Label("shape", b.Shape.Name), ReasonArg.Label("flavour", b.Flavour.DisplayName),
            ReasonArg.Integer("offset", b.Shape.WordOffset));
        var interfaces = b.Shape.VfTableOffsets.Select(o => b.Start + (ulong)o).ToList();
        uint extent = (uint)(Math.Max(b.Shape.WordOffset, b.Shape.VfTableOffsets.Max()) + ptr);
        return Finish(target, null, address, b.Flavour, ObjectFinding.Shape, null, b.Start, extent, interfaces, b.Start + (ulong)b.Shape.WordOffset,
            b.Flavour.WordFields[0], window, reason);
    }

    /// <summary>Every vtable slot of the shape holds a vtable pointer, the word a plausible count, and the run ends where the shape says.</summary>
    // A flavour's shapes are built by code: once per flavour and pointer size, not once per candidate of a scan.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Flavour, int Pointer), ObjectShape[]> Shapes = new();

    private static ObjectShape[] ShapesOf(FlavourDescriptor flavour, int ptr) =>
        Shapes.GetOrAdd((flavour.Id, ptr), _ => [.. flavour.CountModeShapes(ptr)]);

    private static bool Fits(ITargetMemory target, Window window, ulong start, ObjectShape shape)
    {
        int ptr = target.PointerSize;
        foreach (int o in shape.VfTableOffsets)
            if (!IsVfTable(target, window, start + (ulong)o)) return false;
        ulong wordAt = start + (ulong)shape.WordOffset;
        if (window.Word(wordAt) is not { } raw || IsVfTable(target, window, wordAt)) return false;
        if (!PlausibleCount(raw, ptr)) return false;
        // Slots the shape gives no vtable (flags, FTM pointer, empty-base bytes) hold no vtable pointer either.
        int end = Math.Max(shape.WordOffset, shape.VfTableOffsets.Max());
        for (int o = 0; o < end; o += ptr)
            if (o != shape.WordOffset && !shape.VfTableOffsets.Contains(o) && IsVfTable(target, window, start + (ulong)o)) return false;
        // A further vtable pointer right after the last one means a bigger object of the same family.
        int last = shape.VfTableOffsets.Max();
        ulong after = start + (ulong)(last + ptr);
        return after == wordAt || !IsVfTable(target, window, after);
    }

    private static bool IsVfTable(ITargetMemory target, Window window, ulong slot)
    {
        int ptr = target.PointerSize;
        if (window.Word(slot) is not { } v || Plausibility.CheckPointer(v, ptr, ptr) != PointerProblem.None) return false;
        return Plausibility.KnowsImages(target) ? Plausibility.ImageOf(target, v) is not null : TargetInspector.SymbolOf(target, v) is not null;
    }

    private static List<ulong> Interfaces(ITargetMemory target, Window window, ulong start, uint size, Func<ulong, bool> isInterface)
    {
        int ptr = target.PointerSize;
        var list = new List<ulong>();
        for (ulong s = start; s < start + size && s + (ulong)ptr <= window.End; s += (ulong)ptr)
            if (isInterface(s)) list.Add(s);
        return list;
    }

    // --- the verdict -----------------------------------------------------------------------------------------

    private static ObjectVerdict Finish(ITargetMemory target, ILayoutSource? layouts, ulong address, FlavourDescriptor flavour, ObjectFinding finding,
        string? className, ulong start, uint size, List<ulong> interfaces, ulong wordAddress, string field, Window window, Reason found,
        WeakReferenceVerdict? block = null)
    {
        int ptr = target.PointerSize;
        var reasons = new List<Reason> { found };
        if (!target.TryReadPointer(wordAddress, out ulong raw))
        {
            reasons.Add(Reason.Of(ReasonCode.WordBlockUnreadable, ReasonArg.Address("block", wordAddress)));
            return new ObjectVerdict(address, finding, flavour, className, start, size, interfaces, wordAddress, null, field, false,
                WeakReferenceState.Incomplete, null, null, null, window.Start, window.End, reasons);
        }
        ulong? blockAddress = flavour.WordEncoding == ObjectWordEncoding.BlockPointer
            ? raw
            : CountOrPointerWord.FromRaw(raw, ptr) is { IsPointer: true } w ? w.ControlBlock : null;
        if (blockAddress is { } b)
        {
            if (block is null && layouts is not null)
            {
                block = FlavourDetector.Decode(target, layouts, b, null);
                if (block.State is WeakReferenceState.NotAControlBlock && flavour.WordEncoding == ObjectWordEncoding.CountOrPointer)
                    block = FlavourDetector.Decode(target, layouts, b, flavour);
            }
            // The block names the flavour more surely than a shared member name (WRL and WinUI both say refCount_).
            if (block is not null && block.Identity != BlockIdentity.None) flavour = block.Flavour;
            reasons.Add(Reason.Of(ReasonCode.WordPointer, ReasonArg.Address("block", b)));
            return new ObjectVerdict(address, finding, flavour, className, start, size, interfaces, wordAddress, raw, field, true,
                block?.State, block?.StrongCount, block?.WeakCount, block, window.Start, window.End, reasons);
        }
        var count = CountOrPointerWord.FromRaw(raw, ptr).Count;
        var state = count switch
        {
            0 => WeakReferenceState.TargetDestroyed,
            int.MaxValue => WeakReferenceState.Saturated,
            _ => WeakReferenceState.Alive,
        };
        reasons.Add(count switch
        {
            0 => Reason.Of(ReasonCode.WordCountZero),
            int.MaxValue => Reason.Of(ReasonCode.WordCountSaturated, ReasonArg.Integer("count", count)),
            _ => Reason.Of(ReasonCode.WordCount, ReasonArg.Integer("count", count)),
        });
        return new ObjectVerdict(address, finding, flavour, className, start, size, interfaces, wordAddress, raw, field, false,
            state, unchecked((int)count), null, null, window.Start, window.End, reasons);
    }

    private static ObjectVerdict NotFound(ulong address, ObjectFinding finding, ulong from, ulong to, List<Reason> reasons) =>
        new(address, finding, null, null, null, null, [], null, null, null, false, null, null, null, null, from, to, reasons);

    /// <summary>The bytes around the address, read once; words outside what was readable are null.</summary>
    private sealed class Window
    {
        private readonly byte[] _bytes;
        private readonly bool[] _readable;
        private readonly int _ptr;

        private Window(ulong start, byte[] bytes, bool[] readable, int ptr)
        {
            Start = start;
            _bytes = bytes;
            _readable = readable;
            _ptr = ptr;
        }

        public ulong Start { get; }

        public ulong End => Start + (ulong)_bytes.Length;

        /// <summary>Bytes of the window the target does not hold (not captured, or beyond a truncated file's end).</summary>
        public int MissingBytes => _readable.Count(r => !r) * _ptr;

        /// <summary>
        /// Read at once; when that comes back short, word by word, so that what is missing (a range that starts or ends
        /// inside the window, mid-page) hides only its own words.
        /// </summary>
        public static Window Read(ITargetMemory target, ulong lo, ulong hi)
        {
            int ptr = target.PointerSize;
            var bytes = new byte[hi - lo];
            var readable = new bool[bytes.Length / ptr];
            if (target.Read(lo, bytes) == bytes.Length)
            {
                Array.Fill(readable, true);
            }
            else
            {
                for (int i = 0; i < readable.Length; i++)
                    readable[i] = target.Read(lo + (ulong)(i * ptr), bytes.AsSpan(i * ptr, ptr)) == ptr;
            }
            return new Window(lo, bytes, readable, ptr);
        }

        public ulong? Word(ulong address)
        {
            if (address < Start || address + (ulong)_ptr > End || (address - Start) % (ulong)_ptr != 0) return null;
            int i = (int)(address - Start);
            if (!_readable[i / _ptr]) return null;
            return TargetInspector.ReadWord(_bytes, i, _ptr);
        }
    }
}
