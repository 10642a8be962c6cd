using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using static WrlDbgExt.Core.Buffers.ReferenceBufferImplementation;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>One buffer or reference a <see cref="MemoryBufferTwin"/> lays out, with its manifest facts in the target's order.</summary>
public sealed record BufferTwinEntry(string Name, string Flavour, string Type, ulong Address, string ExpectedState,
    IReadOnlyList<(string Name, object Value)> Properties);

/// <summary>
/// The reference IMemoryBuffer (src/native/reference/memory_buffer.h; docs/winrt-internals.md §8.3) laid out in states a live
/// run of tests/targets/memory_buffers cannot reach — an open list that loops, a closed buffer whose memory nobody holds, a
/// list or a handler array the dump did not capture — beside some it can, with the layouts the engine reads from that
/// target's PDB, attributed to its module. The vtables lie inside the module, at no vftable of the PDB: without symbols the
/// structure identifies the objects. Every entry's state and findings follow from what is laid out here, by the rules of
/// docs/winrt-internals.md §8.6 (the two <c>ExpectedOf</c>), not from the decoder.
/// </summary>
public sealed class MemoryBufferTwin
{
    /// <summary>The scenario target whose PDB and module the twin uses.</summary>
    public const string Target = "memory_buffers";

    /// <summary>The types the twin lays out, as the engine's dt names them.</summary>
    public static IReadOnlyList<string> TypeNames { get; } = [BufferType, ReferenceType, StateType, HandlerEntryType];

    private const uint Capacity = 0x100;
    private const uint ObjectsSize = 0x1000; // objects first, then the blocks the buffers wrap
    private readonly byte[] _heap = new byte[ObjectsSize + 0x1000];
    private readonly TypeLayout _buffer, _reference, _state, _entry;
    private readonly List<StateModel> _states = [];
    private readonly List<ReferenceModel> _references = [];
    private readonly List<(ulong Address, ulong Value)> _words = [];
    private readonly List<Func<BufferTwinEntry>> _entries = [];
    private uint _next, _nextData = ObjectsSize;
    private ulong _nextUncaptured;

    /// <param name="layouts">The four <see cref="TypeNames"/> layouts (e.g. read from the PDB by the engine).</param>
    public MemoryBufferTwin(TargetArchitecture architecture, IReadOnlyList<TypeLayout> layouts, TargetModule module)
    {
        Architecture = architecture;
        PointerSize = architecture.PointerSize();
        Module = module;
        TypeLayout Layout(string name) => layouts.SingleOrDefault(l => l.Name == name) ?? throw new ArgumentException($"no layout of {name}", nameof(layouts));
        (_buffer, _reference, _state, _entry) = (Layout(BufferType), Layout(ReferenceType), Layout(StateType), Layout(HandlerEntryType));
        HeapBase = PointerSize == 8 ? 0x0000_01e3_7a40_0000UL : 0x00c4_0000UL;
        // Never captured: far past the arena, and outside the module (the engine may map an image's pages from its file).
        _nextUncaptured = HeapBase + 0x10_0000;
        VtableBase = module.ImageBase + 0x2000;
        if (VtableBase + 0x200 > module.ImageBase + module.ImageSize) throw new ArgumentException($"{module.Path} is too small for the twin's vtables", nameof(module));
        _heap.AsSpan().Fill(0xCD); // uninitialised-heap pattern: nothing reads as a plausible object by accident
        Build();
        foreach (var s in _states) Write(s);
        foreach (var r in _references) Write(r);
        foreach (var (address, value) in _words) Copy(new ObjectImage(PointerSize, PointerSize).Pointer(0, value), address);
        Entries = [.. _entries.Select(e => e())];
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    public TargetModule Module { get; }

    public ulong HeapBase { get; }

    /// <summary>The buffers' vtables, then the references', then the Closed handlers' (inside the module, no symbol of theirs).</summary>
    public ulong VtableBase { get; }

    public IReadOnlyList<(ulong Address, byte[] Bytes)> Regions => [(HeapBase, _heap)];

    public IReadOnlyList<BufferTwinEntry> Entries { get; }

    /// <summary>The twin as a minidump of the target's module (see <see cref="ScenarioDump.Build(TargetArchitecture, TargetModule, IEnumerable{ValueTuple{ulong, byte[]}})"/>).</summary>
    public byte[] Dump() => ScenarioDump.Build(Architecture, Module, Regions);

    private void Build()
    {
        var open = NewState();
        var first = OpenReference(open);
        OpenReference(open);
        BufferEntry("buffer-open", open);
        ReferenceEntry("reference-open", first);

        // Close raised Closed on the open reference, which stays open and pins the memory.
        var closed = NewState();
        var outstanding = OpenReference(closed);
        outstanding.ClosedRaised = true;
        closed.Closed = true;
        BufferEntry("buffer-closed-with-references", closed);
        ReferenceEntry("reference-outstanding", outstanding);

        // Everything closed; then CreateReference gave an empty reference (never open).
        var released = NewState();
        released.Closed = released.Freed = true;
        var empty = NewReference(released);
        empty.Empty = true;
        BufferEntry("buffer-released", released);
        ReferenceEntry("reference-empty", empty);

        var watched = NewState();
        var withHandlers = OpenReference(watched);
        withHandlers.Handlers = [Handler(), Handler()];
        BufferEntry("buffer-watched", watched);
        ReferenceEntry("reference-with-two-handlers", withHandlers, closedHandler: withHandlers.Handlers[1]);

        // Two registrations in an array the dump did not capture: the count says so, none can be listed.
        var unseen = NewState();
        var unseenHandlers = OpenReference(unseen);
        unseenHandlers.Handlers = [Handler(), Handler()];
        unseenHandlers.HandlersCaptured = false;
        ReferenceEntry("reference-handlers-not-captured", unseenHandlers);

        // A → B → A: no end to walk to.
        var looping = NewState();
        var a = OpenReference(looping);
        var b = OpenReference(looping);
        b.Next = a.Address;
        a.Prev = b.Address;
        BufferEntry("buffer-list-loops", looping);

        // Closed, no open reference, yet the memory not given back: nobody will ever free it.
        var heldByNobody = NewState();
        heldByNobody.Closed = true;
        BufferEntry("buffer-held-by-nobody", heldByNobody);

        // The list's second reference is not in the dump: the list is unknown from there on, not corrupt.
        var cut = NewState();
        var captured = OpenReference(cut);
        captured.Next = Uncaptured(_reference.Size);
        BufferEntry("buffer-list-not-captured", cut);

        // The consumer kept a pointer into the block after closing its reference; then the buffer closed and the memory went back.
        var abandoned = NewState();
        var closedReference = NewReference(abandoned);
        closedReference.HandedOut = abandoned.Data;
        abandoned.Closed = abandoned.Freed = true;
        ulong holder = HeapBase + Allocate((uint)PointerSize);
        _words.Add((holder, abandoned.Data + 16));
        BufferEntry("buffer-abandoned", abandoned);
        ReferenceEntry("reference-closed-data-kept", closedReference, staleDataHolder: holder);

        var lastGasp = NewState();
        lastGasp.RaisesClosedOnRelease = true;
        var raised = OpenReference(lastGasp);
        raised.Handlers = [Handler()];
        BufferEntry("buffer-raises-closed-on-release", lastGasp);
        ReferenceEntry("reference-handler-raised-on-release", raised, closedHandler: raised.Handlers[0]);
    }

    // ---- the objects, as laid out -------------------------------------------------------------------------------------

    private sealed class StateModel(ulong address, ulong buffer, ulong data)
    {
        public ulong Address { get; } = address;
        public ulong Buffer { get; } = buffer;
        public ulong Data { get; } = data;
        public bool Closed { get; set; }
        public bool Freed { get; set; }
        public bool RaisesClosedOnRelease { get; set; }
        public List<ReferenceModel> References { get; } = []; // every reference on the state, open or not
        public ulong First { get; set; }
    }

    private sealed class ReferenceModel(ulong address, StateModel state)
    {
        public ulong Address { get; } = address;
        public StateModel State { get; } = state;
        public bool Open { get; set; }
        public bool Empty { get; set; }
        public bool ClosedRaised { get; set; }
        public ulong Prev { get; set; }
        public ulong Next { get; set; }
        public ulong HandedOut { get; set; }
        public IReadOnlyList<ulong> Handlers { get; set; } = [];
        public bool HandlersCaptured { get; set; } = true;
    }

    private StateModel NewState()
    {
        ulong state = HeapBase + Allocate(_state.Size), buffer = HeapBase + Allocate(_buffer.Size);
        var model = new StateModel(state, buffer, HeapBase + _nextData);
        _nextData += Capacity;
        _states.Add(model);
        return model;
    }

    private ReferenceModel NewReference(StateModel state)
    {
        var model = new ReferenceModel(HeapBase + Allocate(_reference.Size), state);
        state.References.Add(model);
        _references.Add(model);
        return model;
    }

    /// <summary>An open reference appended to its state's list; its consumer called GetBuffer (m_handedOut).</summary>
    private ReferenceModel OpenReference(StateModel state)
    {
        var last = state.References.LastOrDefault(r => r.Open);
        var model = NewReference(state);
        model.Open = true;
        model.HandedOut = state.Data;
        if (last is null) state.First = model.Address;
        else (last.Next, model.Prev) = (model.Address, last.Address);
        return model;
    }

    /// <summary>A Closed handler object: its vfptr and its count (it lives on the heap; its class has no symbol).</summary>
    private ulong Handler()
    {
        uint at = Allocate((uint)(2 * PointerSize));
        new ObjectImage(2 * PointerSize, PointerSize).Pointer(0, VtableBase + 0x100).Pointer((uint)PointerSize, 2).Bytes.CopyTo(_heap, (int)at);
        return HeapBase + at;
    }

    private ulong Uncaptured(uint size)
    {
        ulong at = _nextUncaptured;
        _nextUncaptured += Align(size, 0x40);
        return at;
    }

    private uint Allocate(uint size)
    {
        uint at = _next;
        _next = Align(_next + size, 0x40);
        if (_next > ObjectsSize) throw new InvalidOperationException("the twin's objects outgrow their arena");
        return at;
    }

    private static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);

    /// <summary>The buffer object's and the state's bytes (the state's counts as the implementation keeps them).</summary>
    private void Write(StateModel s)
    {
        int open = s.References.Count(r => r.Open);
        // m_holds: the buffer until closed + each open reference; a closed buffer whose memory was not freed holds 1.
        int holds = s.Freed ? 0 : Math.Max(1, (s.Closed ? 0 : 1) + open);
        // The lock (free), the deleter and its context stay 0; the built-in layout (the unit tests') lacks them and m_owners.
        var state = new ObjectImage((int)_state.Size, PointerSize)
            .Set(_state, "m_data", s.Data).Set(_state, "m_capacity", Capacity).Set(_state, "m_holds", (ulong)holds)
            .Set(_state, "m_bufferClosed", Flag(s.Closed)).Set(_state, "m_memoryFreed", Flag(s.Freed))
            .Set(_state, "m_bufferDestroyed", 0).Set(_state, "m_raisesClosedOnRelease", Flag(s.RaisesClosedOnRelease))
            .Set(_state, "m_openReferences", s.First).Set(_state, "m_buffer", s.Buffer);
        if (_state.Field("m_owners") is not null) state.Set(_state, "m_owners", (ulong)(1 + s.References.Count)); // the buffer + its references
        Copy(state, s.Address);
        var buffer = Vtables(_buffer, 0).Set(_buffer, "m_refCount", 1).Set(_buffer, "m_state", s.Address);
        Copy(buffer, s.Buffer);
    }

    private void Write(ReferenceModel r)
    {
        var image = Vtables(_reference, 0x80).Set(_reference, "m_refCount", 1).Set(_reference, "m_state", r.State.Address)
            .Set(_reference, "m_open", Flag(r.Open)).Set(_reference, "m_closedRaised", Flag(r.ClosedRaised)).Set(_reference, "m_empty", Flag(r.Empty))
            .Set(_reference, "m_prev", r.Prev).Set(_reference, "m_next", r.Next).Set(_reference, "m_raiseNext", 0)
            .Set(_reference, "m_handlerCount", (ulong)r.Handlers.Count).Set(_reference, "m_lastToken", (ulong)r.Handlers.Count)
            .Set(_reference, "m_handedOut", r.HandedOut);
        if (r.Handlers.Count > 0)
        {
            // The array grows by 4 (GrowHandlersLocked); tokens count from 1.
            uint capacity = 4;
            ulong array = r.HandlersCaptured ? HeapBase + Allocate(capacity * _entry.Size) : Uncaptured(capacity * _entry.Size);
            image.Set(_reference, "m_handlers", array).Set(_reference, "m_handlerCapacity", capacity);
            for (int i = 0; r.HandlersCaptured && i < r.Handlers.Count; i++)
                Copy(new ObjectImage((int)_entry.Size, PointerSize).Set(_entry, "handler", r.Handlers[i]).Set(_entry, "token", (ulong)(i + 1)),
                    array + (ulong)i * _entry.Size);
        }
        Copy(image, r.Address);
    }

    /// <summary>An object image whose vtable pointers (every vfptr field) point at consecutive vtables from <paramref name="first"/>.</summary>
    private ObjectImage Vtables(TypeLayout layout, uint first)
    {
        var image = new ObjectImage((int)layout.Size, PointerSize);
        var vfptrs = layout.Fields.Where(f => f.Type.Kind == FieldKind.VfTable).ToList();
        for (int i = 0; i < vfptrs.Count; i++) image.Pointer(vfptrs[i].Offset, VtableBase + first + 0x10 + (ulong)i * 0x20);
        return image;
    }

    private void Copy(ObjectImage image, ulong address) => image.Bytes.CopyTo(_heap, (int)(address - HeapBase));

    private static ulong Flag(bool value) => value ? 1UL : 0UL;

    // ---- ground truth ---------------------------------------------------------------------------------------------

    /// <summary>The open list as far as the dump holds it, each reference once (a loop ends where it comes back).</summary>
    private List<ReferenceModel> Listed(StateModel s, out bool loops)
    {
        var listed = new List<ReferenceModel>();
        loops = false;
        for (ulong next = s.First; next != 0;)
        {
            if (listed.Any(r => r.Address == next)) { loops = true; break; }
            if (s.References.FirstOrDefault(r => r.Address == next) is not { } reference) break; // not captured
            listed.Add(reference);
            next = reference.Next;
        }
        return listed;
    }

    /// <summary>§8.6 for a buffer: state and findings from its state's flags and its open list.</summary>
    private (string State, List<string> Findings) ExpectedOf(StateModel s)
    {
        var listed = Listed(s, out bool loops);
        bool anyOpen = s.First != 0;
        var (state, finding) = loops ? ("corrupt", "buffer-list-broken")
            : !s.Closed ? ("open", null)
            : anyOpen ? ("closed-with-references", "buffer-pinned-after-close")
            : s.Freed ? ("released", null)
            : ("corrupt", "buffer-held-by-nobody");
        var findings = finding is null ? new List<string>() : [finding];
        if (s.RaisesClosedOnRelease && listed.Any(r => r.Handlers.Count > 0)) findings.Add("closed-raised-on-release");
        return (state, findings);
    }

    /// <summary>§8.6 for a reference: state and findings from its flags, its handlers and its state's.</summary>
    private (string State, List<string> Findings) ExpectedOf(ReferenceModel r, ulong staleDataHolder)
    {
        var findings = new List<string>();
        string state = !r.Open ? (r.Empty ? "empty" : "closed")
            : r.State.Closed ? "open-after-buffer-closed"
            : r.Handlers.Count > 0 ? "open-with-handler"
            : "open";
        if (r.Open && r.State.Closed) findings.Add("reference-pins-closed-buffer");
        if (r.Open && r.Handlers.Count > 0 && r.State.RaisesClosedOnRelease) findings.Add("closed-raised-on-release");
        if (state == "closed" && r.HandedOut != 0 && staleDataHolder != 0) findings.Add("data-pointer-left-in-closed-reference");
        return (state, findings);
    }

    private void BufferEntry(string name, StateModel s) => _entries.Add(() =>
    {
        var listed = Listed(s, out _);
        var (state, findings) = ExpectedOf(s);
        return new BufferTwinEntry(name, "memory-buffer", BufferType, s.Buffer, state,
        [
            ("data", Hex.Json(s.Data)), ("capacity", (int)Capacity), ("closed", s.Closed), ("memoryFreed", s.Freed),
            ("openReferences", listed.Count), ("state", Hex.Json(s.Address)),
            ("references", string.Join(",", listed.Select(r => Hex.Json(r.Address)))),
            ("refCount", 1), ("deleterCalls", s.Freed ? 1 : 0), ("raisesClosedOnRelease", s.RaisesClosedOnRelease),
            ("findings", string.Join(",", findings)),
        ]);
    });

    private void ReferenceEntry(string name, ReferenceModel r, ulong closedHandler = 0, ulong staleDataHolder = 0) => _entries.Add(() =>
    {
        var (state, findings) = ExpectedOf(r, staleDataHolder);
        var properties = new List<(string, object)>
        {
            ("data", Hex.Json(r.Open ? r.State.Data : 0)), ("capacity", r.Open ? (int)Capacity : 0), ("open", r.Open),
            ("closedRaised", r.ClosedRaised), ("handlers", r.Handlers.Count), ("handlersCaptured", r.HandlersCaptured), ("refCount", 1),
            ("buffer", Hex.Json(r.State.Buffer)), ("bufferDestroyed", false), ("state", Hex.Json(r.State.Address)),
            ("handedOut", Hex.Json(r.HandedOut)), ("raisesClosedOnRelease", r.State.RaisesClosedOnRelease), ("findings", string.Join(",", findings)),
        };
        if (closedHandler != 0) properties.Add(("closedHandler", Hex.Json(closedHandler)));
        if (staleDataHolder != 0) properties.Add(("staleDataHolder", Hex.Json(staleDataHolder)));
        return new BufferTwinEntry(name, "memory-buffer-reference", ReferenceType, r.Address, state, properties);
    });
}
