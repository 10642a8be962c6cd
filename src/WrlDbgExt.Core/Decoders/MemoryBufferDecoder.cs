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
        if (!target.TryReadPointer(address, out _))
            return None(address, Reason.Of(ReasonCode.NothingReadable, ReasonArg.Address("address", address)));
        if (bufferLayout is null || referenceLayout is null || stateLayout is null)
            throw new LayoutMismatchException($"no IMemoryBuffer layouts for {arch.DisplayName()} in {layouts.Name}");

        for (int k = 0; k < ReferenceBufferImplementation.Interfaces; k++)
        {
            if ((ulong)(k * ptr) > address) break;
            ulong start = address - (ulong)(k * ptr);
            var named = NamedKind(target, start, ptr);
            bool symbols = named is not null;
            if (!symbols && !VtablesInImages(target, start, ptr)) continue;
            var buffer = ObjectSnapshot.Read(target, start, bufferLayout);
            if (buffer.Raw("m_state") is not { } stateAddress || stateAddress == 0) continue;
            var state = ObjectSnapshot.Read(target, stateAddress, stateLayout);
            if (state.Raw("m_buffer") is not { } owner) continue;
            if (named == BufferObjectKind.Buffer || (named is null && owner == start))
                return FromBuffer(target, address, start, buffer, state, referenceLayout, bufferLayout, symbols);
            var reference = ObjectSnapshot.Read(target, start, referenceLayout);
            if (named == BufferObjectKind.Reference || (named is null && LooksLikeReference(target, start, stateAddress, state, reference, referenceLayout, bufferLayout)))
                return FromReference(address, start, reference, state, symbols);
        }
        return (ownerOfByte ? OwnerOfByte(target, layouts, address, stateLayout) : null)
            ?? None(address, Reason.Of(ReasonCode.NotABuffer, ReasonArg.Address("address", address)));
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

    private static BufferVerdict FromBuffer(ITargetMemory target, ulong address, ulong start, ObjectSnapshot buffer, ObjectSnapshot state,
        TypeLayout referenceLayout, TypeLayout bufferLayout, bool symbols)
    {
        var reasons = new List<Reason> { Identity(symbols, BufferObjectKind.Buffer, start) };
        var findings = new List<Finding>();
        var open = Walk(target, state, referenceLayout, out bool broken, out ulong uncaptured);
        if (uncaptured != 0)
            reasons.Add(Reason.Of(ReasonCode.BufferListNotCaptured, ReasonArg.Address("at", uncaptured), ReasonArg.Integer("followed", open.Count)));
        var references = open.Select(r => new BufferReferenceInfo(r.Address, r, ReferenceState(r, state), (uint)(r.Raw("m_handlerCount") ?? 0))).ToList();
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
        return new BufferVerdict(address, BufferObjectKind.Buffer, Implementation, start, buffer, verdict, state.Address,
            state.Raw("m_data"), (uint?)state.Raw("m_capacity"), closed, freed, start, references, symbols, reasons, findings)
        {
            BufferDestroyed = state.Raw("m_bufferDestroyed") == 1,
        };
    }

    private static BufferVerdict FromReference(ulong address, ulong start, ObjectSnapshot reference, ObjectSnapshot state, bool symbols)
    {
        var reasons = new List<Reason> { Identity(symbols, BufferObjectKind.Reference, start) };
        var findings = new List<Finding>();
        var verdict = ReferenceState(reference, state);
        bool open = reference.Raw("m_open") == 1;
        ulong owner = state.Raw("m_buffer") ?? 0;
        bool destroyed = state.Raw("m_bufferDestroyed") == 1;
        if (verdict == BufferState.OpenAfterBufferClosed)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ReferencePinsClosedBuffer, ReasonArg.Address("data", state.Raw("m_data") ?? 0),
                ReasonArg.Integer("capacity", (long)(state.Raw("m_capacity") ?? 0)))));
        if (open && destroyed)
            findings.Add(new(Severity.Warning, Reason.Of(ReasonCode.ReferenceOutlivesBuffer)));
        var mine = new BufferReferenceInfo(start, reference, verdict, (uint)(reference.Raw("m_handlerCount") ?? 0));
        return new BufferVerdict(address, BufferObjectKind.Reference, Implementation, start, reference, verdict, state.Address,
            open ? state.Raw("m_data") : 0, open ? (uint?)state.Raw("m_capacity") : 0, state.Raw("m_bufferClosed") == 1, state.Raw("m_memoryFreed") == 1,
            owner == 0 ? null : owner, [mine], symbols, reasons, findings) { BufferDestroyed = destroyed };
    }

    private static Reason Identity(bool symbols, BufferObjectKind kind, ulong start) =>
        Reason.Of(symbols ? ReasonCode.BufferFromSymbols : ReasonCode.BufferFromStructure,
            ReasonArg.Label("kind", kind == BufferObjectKind.Buffer ? "buffer" : "reference"), ReasonArg.Address("start", start));

    private static BufferVerdict None(ulong address, Reason reason) =>
        new(address, null, null, null, null, null, null, null, null, null, null, null, [], false, [reason], []);
}
