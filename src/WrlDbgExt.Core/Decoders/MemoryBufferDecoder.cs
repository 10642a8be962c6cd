using WrlDbgExt.Core.Buffers;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Decodes an IMemoryBuffer or IMemoryBufferReference of the reference implementation (Buffers/) from the object or
/// any of its interface pointers: by the vftable symbols where the host has them, otherwise by structure — three
/// vtable pointers into images and a shared state that names the buffer back (a buffer) or holds the reference in
/// its open list (a reference). Then the state's facts, every open reference and the findings (docs/winrt-internals.md §8).
/// </summary>
public static class MemoryBufferDecoder
{
    /// <summary>Open references followed at most: a longer list is taken as corrupt.</summary>
    public const int MaxReferences = 4096;

    /// <summary>Closed registrations listed at most per reference (the count says how many there are).</summary>
    public const int MaxHandlers = 4096;

    private const string Implementation = "wrlref";

    public static BufferVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address) =>
        Decode(target, layouts, address, ownerOfByte: true);

    // ownerOfByte: when the address is no object, look for the buffer whose memory holds it (not when checking a
    // candidate owner: that search must not recurse).
    private static BufferVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, bool ownerOfByte)
    {
        int ptr = target.PointerSize;
        var arch = target.Architecture;
        var bufferLayout = layouts.FindLayout(ReferenceBufferImplementation.BufferType, arch);
        var referenceLayout = layouts.FindLayout(ReferenceBufferImplementation.ReferenceType, arch);
        var stateLayout = layouts.FindLayout(ReferenceBufferImplementation.StateType, arch);
        var entryLayout = layouts.FindLayout(ReferenceBufferImplementation.HandlerEntryType, arch);
        if (!target.TryReadPointer(address, out _))
            return None(address, Reason.Of(ReasonCode.NothingReadable, ReasonArg.Address("address", address)));
        if (bufferLayout is null || referenceLayout is null || stateLayout is null || entryLayout is null)
            throw new LayoutMismatchException($"no IMemoryBuffer layouts for {arch.DisplayName()} in {layouts.Name}");
        if (OsImplementation(target, address) is { } os) return os;

        for (int k = 0; k < ReferenceBufferImplementation.Interfaces; k++)
        {
            if ((ulong)(k * ptr) > address) break;
            if (At(target, address, address - (ulong)(k * ptr), bufferLayout, referenceLayout, stateLayout, entryLayout) is { } found) return found;
        }
        return (ownerOfByte ? OwnerOfByte(target, layouts, address, stateLayout) : null)
            ?? None(address, Reason.Of(ReasonCode.NotABuffer, ReasonArg.Address("address", address)));
    }

    /// <summary>
    /// For a whole-target scan: the buffer or reference of the reference implementation whose first vtable pointer is at
    /// <paramref name="start"/>, by the same rules as <see cref="Decode(ITargetMemory, ILayoutSource, ulong)"/> but
    /// without looking further back or for an owning buffer; null when it is neither (or the layouts are unknown).
    /// </summary>
    public static BufferVerdict? DecodeAt(ITargetMemory target, ILayoutSource layouts, ulong start)
    {
        var arch = target.Architecture;
        if (layouts.FindLayout(ReferenceBufferImplementation.BufferType, arch) is not { } bufferLayout
            || layouts.FindLayout(ReferenceBufferImplementation.ReferenceType, arch) is not { } referenceLayout
            || layouts.FindLayout(ReferenceBufferImplementation.StateType, arch) is not { } stateLayout
            || layouts.FindLayout(ReferenceBufferImplementation.HandlerEntryType, arch) is not { } entryLayout)
            return null;
        return At(target, start, start, bufferLayout, referenceLayout, stateLayout, entryLayout);
    }

    /// <summary>The buffer or reference starting at <paramref name="start"/>, asked about from <paramref name="address"/>; null when neither.</summary>
    private static BufferVerdict? At(ITargetMemory target, ulong address, ulong start, TypeLayout bufferLayout, TypeLayout referenceLayout,
        TypeLayout stateLayout, TypeLayout entryLayout)
    {
        int ptr = target.PointerSize;
        var named = NamedKind(target, start, ptr);
        bool symbols = named is not null;
        if (!symbols && !VtablesInImages(target, start, ptr)) return null;
        var buffer = ObjectSnapshot.Read(target, start, bufferLayout);
        if (buffer.Raw("m_state") is not { } stateAddress || stateAddress == 0) return null;
        var state = ObjectSnapshot.Read(target, stateAddress, stateLayout);
        if (state.Raw("m_buffer") is not { } owner) return null;
        var shapes = new Shapes(referenceLayout, stateLayout, entryLayout);
        if (named == BufferObjectKind.Buffer || (named is null && owner == start))
            return FromBuffer(target, address, start, buffer, state, shapes, symbols);
        var reference = ObjectSnapshot.Read(target, start, referenceLayout);
        if (named == BufferObjectKind.Reference || (named is null && LooksLikeReference(target, start, stateAddress, state, reference, referenceLayout, bufferLayout)))
            return FromReference(target, address, start, reference, state, shapes, symbols);
        return null;
    }

    /// <summary>A block is taken to be at most this large when looking for the buffer that owns a byte.</summary>
    public const ulong MaxCapacity = 1UL << 28;

    /// <summary>
    /// "Which buffer owns this byte?": every captured word that could be a state's <c>m_data</c> at most
    /// <see cref="MaxCapacity"/> below the address, whose <c>m_capacity</c> reaches the address and whose buffer
    /// object names that state back. Null when none does.
    /// </summary>
    private static BufferVerdict? OwnerOfByte(ITargetMemory target, ILayoutSource layouts, ulong address, TypeLayout stateLayout)
    {
        ulong from = address > MaxCapacity ? address - MaxCapacity + 1 : 1;
        var scan = Holders.PointerScanner.Scan(target, [new Holders.WantedRange(from, address - from + 1)]);
        if (scan is null) return null;
        uint dataOffset = stateLayout.RequiredField("m_data").Offset;
        foreach (var hit in scan.Hits)
        {
            if (hit.Address < dataOffset) continue;
            var state = ObjectSnapshot.Read(target, hit.Address - dataOffset, stateLayout);
            if (state.Raw("m_capacity") is not { } capacity || hit.Value + capacity <= address) continue;
            if (state.Raw("m_buffer") is not { } owner || owner == 0 || owner == address) continue;
            var buffer = Decode(target, layouts, owner, ownerOfByte: false);
            if (buffer.Kind != BufferObjectKind.Buffer || buffer.StateAddress != state.Address) continue;
            return buffer with
            {
                Address = address,
                Reasons = [Reason.Of(ReasonCode.ByteOfBuffer, ReasonArg.Address("address", address), ReasonArg.Integer("offset", (long)(address - hit.Value)),
                    ReasonArg.Address("buffer", owner)), .. buffer.Reasons],
            };
        }
        return null;
    }

    private static BufferObjectKind? NamedKind(ITargetMemory target, ulong start, int ptr)
    {
        BufferObjectKind? kind = null;
        for (int i = 0; i < ReferenceBufferImplementation.Interfaces; i++)
        {
            if (!target.TryReadPointer(start + (ulong)(i * ptr), out ulong vf)) return null;
            var symbol = TargetInspector.SymbolOf(target, vf);
            var name = symbol?[(symbol.IndexOf('!') + 1)..];
            BufferObjectKind? k = name is null ? null
                : ReferenceBufferImplementation.BufferVfTableSymbols.Contains(name) ? BufferObjectKind.Buffer
                : ReferenceBufferImplementation.ReferenceVfTableSymbols.Contains(name) ? BufferObjectKind.Reference
                : null;
            if (k is null || (kind is not null && kind != k)) return null;
            kind = k;
        }
        return kind;
    }

    private static bool VtablesInImages(ITargetMemory target, ulong start, int ptr)
    {
        if (start % (ulong)ptr != 0 || !Plausibility.KnowsImages(target)) return false;
        for (int i = 0; i < ReferenceBufferImplementation.Interfaces; i++)
            if (!target.TryReadPointer(start + (ulong)(i * ptr), out ulong vf) || Plausibility.CheckPointer(vf, ptr, ptr) != PointerProblem.None
                || Plausibility.ImageOf(target, vf) is null)
                return false;
        return true;
    }

    /// <summary>A reference's state names another object as its buffer (or none, once destroyed) whose state is the same.</summary>
    private static bool LooksLikeReference(ITargetMemory target, ulong start, ulong stateAddress, ObjectSnapshot state, ObjectSnapshot reference,
        TypeLayout referenceLayout, TypeLayout bufferLayout)
    {
        if (reference.Raw("m_open") is not (0 or 1) || reference.Raw("m_empty") is not (0 or 1)) return false;
        ulong owner = state.Raw("m_buffer") ?? 0;
        if (owner == 0 || owner == start) return false;
        // A destroyed buffer's memory may be reused: only a live one is asked to name the state back.
        if (state.Raw("m_bufferDestroyed") != 1 && ObjectSnapshot.Read(target, owner, bufferLayout).Raw("m_state") != stateAddress) return false;
        if (reference.Raw("m_open") == 1) return Walk(target, state, referenceLayout, out _, out _).Any(r => r.Address == start);
        return true;
    }

    /// <summary>
    /// The state's open references, from m_openReferences along m_next; <paramref name="broken"/> when it loops or runs
    /// long; <paramref name="uncaptured"/>: the first reference the dump does not hold (the list goes on unseen), else 0.
    /// </summary>
    private static List<ObjectSnapshot> Walk(ITargetMemory target, ObjectSnapshot state, TypeLayout referenceLayout, out bool broken,
        out ulong uncaptured)
    {
        var list = new List<ObjectSnapshot>();
        var seen = new HashSet<ulong>();
        ulong next = state.Raw("m_openReferences") ?? 0;
        broken = false;
        uncaptured = 0;
        while (next != 0)
        {
            if (!seen.Add(next) || list.Count >= MaxReferences) { broken = true; break; }
            var r = ObjectSnapshot.Read(target, next, referenceLayout);
            if (r.Raw("m_next") is not { } following) { uncaptured = next; break; }
            list.Add(r);
            next = following;
        }
        return list;
    }

    private static BufferState ReferenceState(ObjectSnapshot reference, ObjectSnapshot state) =>
        reference.Raw("m_open") == 1
            ? state.Raw("m_bufferClosed") == 1 ? BufferState.OpenAfterBufferClosed
                : (reference.Raw("m_handlerCount") ?? 0) > 0 ? BufferState.OpenWithHandler
                : BufferState.Open
            : reference.Raw("m_empty") == 1 ? BufferState.Empty : BufferState.Closed;

    /// <summary>
    /// An interface pointer of an OS implementation, known by its vftable's symbol only: said to be opaque, with what
    /// §8.3 says of that implementation's behaviour. Null when the word at the address names none.
    /// </summary>
    private static BufferVerdict? OsImplementation(ITargetMemory target, ulong address)
    {
        if (!target.TryReadPointer(address, out ulong vf)) return null;
        var symbol = TargetInspector.SymbolOf(target, vf);
        if (Buffers.OsBufferImplementations.Match(symbol) is not var (os, kind)) return null;
        var name = ReasonArg.Label("class", os.RuntimeClass);
        var reasons = new List<Reason>
        {
            Reason.Of(ReasonCode.BufferFromOsVfTable, ReasonArg.Label("symbol", symbol!), name, ReasonArg.Label("kind", kind == BufferObjectKind.Buffer ? "buffer" : "reference")),
            Reason.Of(ReasonCode.OsBufferOpaque, name),
        };
        var findings = new List<Finding>();
        if (os.RaisesClosedOnRelease && kind == BufferObjectKind.Reference) findings.Add(new(Severity.Info, Reason.Of(ReasonCode.OsBufferRaisesClosedOnRelease, name)));
        if (!os.ThreadSafe && kind == BufferObjectKind.Buffer) findings.Add(new(Severity.Info, Reason.Of(ReasonCode.OsBufferNotThreadSafe, name)));
        return new BufferVerdict(address, kind, os.RuntimeClass, null, null, BufferState.Opaque, null, null, null, null, null, null, [], true, reasons, findings)
        {
            RaisesClosedOnRelease = os.RaisesClosedOnRelease,
        };
    }

    /// <summary>The layouts a verdict reads beyond the object's own.</summary>
    private sealed record Shapes(TypeLayout Reference, TypeLayout State, TypeLayout HandlerEntry);

    /// <summary>A reference with its state and its Closed registrations (as many as the dump holds).</summary>
    private static BufferReferenceInfo Info(ITargetMemory target, ObjectSnapshot reference, ObjectSnapshot state, TypeLayout entryLayout)
    {
        uint count = (uint)(reference.Raw("m_handlerCount") ?? 0);
        ulong array = reference.Raw("m_handlers") ?? 0;
        var handlers = new List<ClosedHandler>();
        bool captured = count <= MaxHandlers;
        for (uint i = 0; i < Math.Min(count, MaxHandlers); i++)
        {
            var entry = ObjectSnapshot.Read(target, array + i * entryLayout.Size, entryLayout);
            if (entry.Raw("handler") is not { } handler || entry.Raw("token") is not { } token) { captured = false; break; }
            // Only a vftable's own name: a class without one (internal linkage) gets the nearest symbol, which is another thing's.
            string? symbol = target.TryReadPointer(handler, out ulong vf) ? TargetInspector.SymbolOf(target, vf) : null;
            if (symbol is not null && !symbol.EndsWith("::`vftable'", StringComparison.Ordinal)) symbol = null;
            handlers.Add(new ClosedHandler(handler, (long)token, symbol));
        }
        return new BufferReferenceInfo(reference.Address, reference, ReferenceState(reference, state), count)
        {
            ClosedHandlers = handlers,
            HandlersCaptured = captured,
        };
    }

    private static BufferVerdict FromBuffer(ITargetMemory target, ulong address, ulong start, ObjectSnapshot buffer, ObjectSnapshot state,
        Shapes shapes, bool symbols)
    {
        var reasons = new List<Reason> { Identity(symbols, BufferObjectKind.Buffer, start) };
        var findings = new List<Finding>();
        var open = Walk(target, state, shapes.Reference, out bool broken, out ulong uncaptured);
        if (uncaptured != 0)
            reasons.Add(Reason.Of(ReasonCode.BufferListNotCaptured, ReasonArg.Address("at", uncaptured), ReasonArg.Integer("followed", open.Count)));
        var references = open.Select(r => Info(target, r, state, shapes.HandlerEntry)).ToList();
        bool closed = state.Raw("m_bufferClosed") == 1, freed = state.Raw("m_memoryFreed") == 1;
        BufferState verdict;
        if (broken)
        {
            verdict = BufferState.Corrupt;
            findings.Add(new(Severity.Error, Reason.Of(ReasonCode.BufferListBroken, ReasonArg.Address("state", state.Address), ReasonArg.Integer("followed", open.Count))));
        }
        else if (!closed) verdict = BufferState.Open;
        else if (references.Count > 0 || uncaptured != 0)
        {
            verdict = BufferState.ClosedWithReferences;
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.BufferPinnedAfterClose, ReasonArg.Integer("count", references.Count),
                ReasonArg.Address("data", state.Raw("m_data") ?? 0), ReasonArg.Integer("capacity", (long)(state.Raw("m_capacity") ?? 0)))));
        }
        else if (freed) verdict = BufferState.Released;
        else
        {
            verdict = BufferState.Corrupt;
            findings.Add(new(Severity.Error, Reason.Of(ReasonCode.BufferHeldByNobody, ReasonArg.Address("state", state.Address))));
        }
        bool raises = state.Raw("m_raisesClosedOnRelease") == 1;
        var watched = references.Where(r => r.Handlers > 0 && r.State != BufferState.Closed && r.State != BufferState.Empty).ToList();
        if (raises && watched.Count > 0)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ClosedRaisedOnRelease, ReasonArg.Integer("handlers", watched.Sum(r => r.Handlers)),
                ReasonArg.Integer("references", watched.Count))));
        return new BufferVerdict(address, BufferObjectKind.Buffer, Implementation, start, buffer, verdict, state.Address,
            state.Raw("m_data"), (uint?)state.Raw("m_capacity"), closed, freed, start, references, symbols, reasons, findings)
        {
            BufferDestroyed = state.Raw("m_bufferDestroyed") == 1,
            RaisesClosedOnRelease = state.Raw("m_raisesClosedOnRelease") is { } r ? r == 1 : null,
        };
    }

    private static BufferVerdict FromReference(ITargetMemory target, ulong address, ulong start, ObjectSnapshot reference, ObjectSnapshot state,
        Shapes shapes, bool symbols)
    {
        var reasons = new List<Reason> { Identity(symbols, BufferObjectKind.Reference, start) };
        var findings = new List<Finding>();
        var mine = Info(target, reference, state, shapes.HandlerEntry);
        var verdict = mine.State;
        bool open = reference.Raw("m_open") == 1;
        ulong owner = state.Raw("m_buffer") ?? 0;
        bool destroyed = state.Raw("m_bufferDestroyed") == 1, freed = state.Raw("m_memoryFreed") == 1;
        if (verdict == BufferState.OpenAfterBufferClosed)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ReferencePinsClosedBuffer, ReasonArg.Address("data", state.Raw("m_data") ?? 0),
                ReasonArg.Integer("capacity", (long)(state.Raw("m_capacity") ?? 0)))));
        if (open && destroyed)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ReferenceOutlivesBuffer)));
        if (open && mine.Handlers > 0 && state.Raw("m_raisesClosedOnRelease") == 1)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ClosedRaisedOnRelease, ReasonArg.Integer("handlers", mine.Handlers),
                ReasonArg.Integer("references", 1))));
        var stale = verdict == BufferState.Closed ? StaleData(target, reference, state, shapes) : null;
        if (stale is not null && stale.Holders.Count + stale.Registers.Count > 0)
            findings.Add(new(stale.MemoryFreed ? Severity.Error : Severity.Info, Reason.Of(ReasonCode.DataPointerLeftInClosedReference,
                ReasonArg.Integer("count", stale.Holders.Count + stale.Registers.Count), ReasonArg.Address("data", stale.Data),
                ReasonArg.Integer("capacity", stale.Capacity), ReasonArg.Label("memory", stale.MemoryFreed ? "freed" : "held"))));
        return new BufferVerdict(address, BufferObjectKind.Reference, Implementation, start, reference, verdict, state.Address,
            open ? state.Raw("m_data") : 0, open ? (uint?)state.Raw("m_capacity") : 0, state.Raw("m_bufferClosed") == 1, freed,
            owner == 0 ? null : owner, [mine], symbols, reasons, findings)
        {
            BufferDestroyed = destroyed,
            RaisesClosedOnRelease = state.Raw("m_raisesClosedOnRelease") is { } r ? r == 1 : null,
            HandedOut = reference.Raw("m_handedOut"),
            StaleData = stale,
        };
    }

    /// <summary>
    /// For a closed reference that handed out its data pointer: every captured word and register still pointing into the
    /// block, leaving out the implementation's own records (the state's m_data, any reference's m_handedOut of this state)
    /// and words inside the block itself. Null when it handed out nothing or the target lists no memory.
    /// </summary>
    private static StaleDataPointers? StaleData(ITargetMemory target, ObjectSnapshot reference, ObjectSnapshot state, Shapes shapes)
    {
        if (reference.Raw("m_handedOut") is not { } handedOut || handedOut == 0) return null;
        ulong data = state.Raw("m_data") ?? 0;
        uint capacity = (uint)(state.Raw("m_capacity") ?? 0);
        if (data == 0 || capacity == 0) return null;
        var block = new Holders.HeldRange(data, capacity, Holders.HeldPart.BufferData);
        if (Holders.HolderFinder.Search(target, [block]) is not { } found) return null;
        ulong dataField = state.Address + shapes.State.RequiredField("m_data").Offset;
        uint handedOffset = shapes.Reference.RequiredField("m_handedOut").Offset, stateOffset = shapes.Reference.RequiredField("m_state").Offset;
        bool Record(ulong at) => at == dataField
            || (at >= handedOffset && target.TryReadPointer(at - handedOffset + stateOffset, out ulong s) && s == state.Address);
        var holders = found.Holders.Where(h => !block.Contains(h.Address) && !Record(h.Address)).ToList();
        return new StaleDataPointers(handedOut, data, capacity, state.Raw("m_memoryFreed") == 1, holders, found.Registers, found.Scan, found.RegistersSearched);
    }

    private static Reason Identity(bool symbols, BufferObjectKind kind, ulong start) =>
        Reason.Of(symbols ? ReasonCode.BufferFromSymbols : ReasonCode.BufferFromStructure,
            ReasonArg.Label("kind", kind == BufferObjectKind.Buffer ? "buffer" : "reference"), ReasonArg.Address("start", start));

    private static BufferVerdict None(ulong address, Reason reason) =>
        new(address, null, null, null, null, null, null, null, null, null, null, null, [], false, [reason], []);
}
