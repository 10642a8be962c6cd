using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// Lays out one flavour's weak-reference control blocks in every state (<see cref="TwinFlavour.States"/>) with their
/// targets, plus what a live run cannot produce — a misaligned block, an alive block whose target was not captured,
/// blocks only partly captured — in a heap arena of its own, with the vftables inside a module. The same scenario
/// feeds in-memory targets, handcrafted minidumps and the README's sample dump, and it reports its own ground truth.
/// </summary>
public class BlockScenario
{
    private readonly List<(ulong Address, byte[] Bytes)> _regions = new();
    private readonly List<ScenarioObject> _objects = new();
    private readonly List<ScenarioWord> _words = new();
    private readonly byte[] _heap;
    private readonly TargetModule? _module;
    private readonly TargetShape _shape;
    private uint _next;

    /// <summary>
    /// The flavour's scenario laid out with <paramref name="layout"/> (e.g. read from a PDB by the engine; else the
    /// tests' table) and attributed to <paramref name="module"/> (else a fake one), so a debugger can load that
    /// module's symbols. Each flavour has its own arena and vtables (<see cref="TwinFlavour.All"/>'s order).
    /// </summary>
    public BlockScenario(TwinFlavour flavour, TargetArchitecture architecture, TypeLayout? layout = null, TargetModule? module = null)
    {
        Flavour = flavour;
        Architecture = architecture;
        PointerSize = architecture.PointerSize();
        Layout = layout ?? flavour.Layout(architecture);
        int arena = Math.Max(0, TwinFlavour.All.ToList().IndexOf(flavour));
        HeapBase = PointerSize == 8 ? 0x0000_01d0_4f5e_0000UL + (ulong)arena * 0x10_0000 : 0x00a1_0000UL + (ulong)arena * 0x2_0000;
        _module = module;
        ModuleBase = module?.ImageBase ?? (PointerSize == 8 ? 0x0000_7ff6_1230_0000UL : 0x0040_0000UL);
        VtableBase = ModuleBase + 0x2000 + (ulong)arena * 0x200;
        _shape = flavour.Target(PointerSize);
        _heap = new byte[0x1000];
        _heap.AsSpan().Fill(0xCD); // uninitialised-heap pattern: nothing reads as a plausible object by accident
        Build();
        _regions.Add((HeapBase, _heap));
    }

    public TwinFlavour Flavour { get; }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    public TypeLayout Layout { get; }

    public ulong HeapBase { get; }

    public ulong ModuleBase { get; }

    /// <summary>Where this flavour's vtables start inside the module (no symbols: only the address range counts).</summary>
    public ulong VtableBase { get; }

    public const uint ModuleSize = 0x10000;

    public const string ModulePath = @"C:\scenario\widgets.dll";

    public static readonly Guid ModulePdbGuid = new("5f0b8a31-77c4-4c2e-9d1a-4c4c44205044");

    /// <summary>The block's vtable for its <paramref name="index"/>-th vtable field (<see cref="TwinFlavour.VtableFields"/>).</summary>
    public ulong BlockVfTable(int index = 0) => VtableBase + 0x10 + (ulong)index * 0x20;

    /// <summary>The target object's vtable for its <paramref name="index"/>-th vptr (<see cref="TargetShape.VfPtrOffsets"/>).</summary>
    public ulong TargetVfTable(int index = 0) => VtableBase + 0x80 + (ulong)index * 0x40;

    /// <summary>Where the target object keeps its word, from the pointer the block holds (negative: before it).</summary>
    public int BackLinkOffset => _shape.WordOffset - _shape.IdentityOffset;

    /// <summary>A weak-capable object nobody took a weak reference to: its word is in count mode (3); null where the flavour has no count mode.</summary>
    public ulong? CountModeObject { get; private set; }

    public const uint CountModeStrong = 3;

    public IReadOnlyList<(ulong Address, byte[] Bytes)> Regions => _regions;

    public IReadOnlyList<ScenarioObject> Objects => _objects;

    /// <summary>The targets' count-or-pointer words (none for C++/CX, whose objects hold a plain block pointer).</summary>
    public IReadOnlyList<ScenarioWord> Words => _words;

    public ScenarioObject Object(string name) => _objects.Single(o => o.Name == name);

    public TargetModule Module => _module ?? new(ModulePath, ModuleBase, ModuleSize, 0x5F3A_1B2C, new Version(10, 0, 19041, 1),
        PdbIdentity.Rsds(ModulePdbGuid, 1, "widgets.pdb"));

    public InMemoryTarget ToInMemoryTarget() => ToInMemoryTarget([this]);

    /// <summary>Several flavours' scenarios in one target, as <see cref="ScenarioDump.Build(IReadOnlyList{BlockScenario})"/> writes them.</summary>
    public static InMemoryTarget ToInMemoryTarget(IReadOnlyList<BlockScenario> scenarios)
    {
        var target = new InMemoryTarget(scenarios[0].Architecture);
        foreach (var (address, bytes) in scenarios.SelectMany(s => s.Regions)) target.AddRegion(address, bytes);
        target.AddModule(scenarios[0].Module);
        return target;
    }

    private uint Offset(string field) => Layout.RequiredField(field).Offset;

    private void Build()
    {
        uint size = Layout.Size;
        foreach (var state in Flavour.States) Block(state);
        if (Flavour.TearOff is { } tearOff && _objects.FirstOrDefault(o => o.Name == "alive") is { } alive)
        {
            // The interface pointer inside the block decodes as the block (docs/winrt-internals.md §4.2, §5).
            _objects.Add(alive with
            {
                Name = "alive-via-tear-off", Address = alive.Address + Offset(tearOff.Field), Type = tearOff.Type, ViaBlock = alive.Address,
            });
        }

        // Misaligned: an otherwise live-looking block at a 4-byte offset (x64) / 2-byte offset (x86).
        _next = Align(_next, 0x40) + (uint)(PointerSize / 2);
        ulong misaligned = HeapBase + _next;
        WriteBlock(_next, new("corrupt-misaligned", 2, 3, TwinTarget.Stale, "not-a-control-block"), HeapBase + 0x800);
        _objects.Add(new ScenarioObject("corrupt-misaligned", misaligned, "not-a-control-block", 2, 3, HeapBase + 0x800, null));
        _next += size;

        // Alive block whose target was not captured in the snapshot: the verdict stays "alive".
        _next = Align(_next, 0x40);
        ulong uncaptured = PointerSize == 8 ? 0x0000_02aa_0000_0040UL : 0x0bad_0040UL;
        WriteBlock(_next, new("alive-target-not-captured", 1, 2, TwinTarget.Live, "alive"), uncaptured);
        _objects.Add(new ScenarioObject("alive-target-not-captured", HeapBase + _next, "alive", 1, 2, uncaptured, null));
        _next += size;

        // An object in count mode (no weak reference ever taken).
        if (!_shape.PlainBlockPointer)
        {
            _next = Align(_next, 0x40);
            CountModeObject = HeapBase + _next;
            new ObjectImage(0x40, PointerSize).Pointer(0, TargetVfTable()).Pointer((uint)_shape.WordOffset, CountModeStrong).Bytes.CopyTo(_heap, (int)_next);
            _words.Add(new ScenarioWord("word-count", CountModeObject.Value + (uint)_shape.WordOffset, CountModeStrong, null));
            _next += 0x40;
        }

        // Truncated: only the first 0x10 bytes are captured (less where the block is no longer), in a region of their own.
        uint cut = Math.Min(0x10u, size - (uint)PointerSize);
        ulong truncatedAt = HeapBase + 0x10000;
        var image = BlockImage(new("corrupt-truncated", 2, 3, TwinTarget.Stale, "incomplete"), HeapBase + 0x800);
        var captured = image.Bytes[..(int)cut];
        _regions.Add((truncatedAt, captured));
        bool Readable(string field) => Offset(field) + 4 <= cut;
        _objects.Add(new ScenarioObject("corrupt-truncated", truncatedAt, "incomplete",
            Readable(Flavour.StrongField) ? 2 : null, Readable(Flavour.WeakField) ? 3 : null, HeapBase + 0x800, null));

        // Head missing: the block starts `cut` bytes before that region, so its first fields are not captured but
        // its last ones are (the engine reads such fields one by one).
        ulong headAt = truncatedAt - cut;
        ulong? Field(string name, int bytes)
        {
            uint offset = Offset(name);
            if (offset < cut || offset - cut + bytes > cut) return null;
            int at = (int)(offset - cut);
            return bytes == 8 ? BitConverter.ToUInt64(captured, at) : BitConverter.ToUInt32(captured, at);
        }
        _objects.Add(new ScenarioObject("corrupt-head-missing", headAt, "incomplete",
            Field(Flavour.StrongField, 4) is { } hs ? (int)(uint)hs : null,
            Field(Flavour.WeakField, 4) is { } hw ? (int)(uint)hw : null,
            Field(Flavour.TargetField, PointerSize) ?? 0, null));
    }

    private void Block(TwinState state)
    {
        _next = Align(_next, 0x40);
        uint blockOffset = _next;
        _next += Layout.Size;
        _next = Align(_next, 0x40);
        uint objectOffset = _next;
        _next += 0x60;

        ulong block = HeapBase + blockOffset;
        ulong obj = HeapBase + objectOffset;
        ulong target = state.Target == TwinTarget.Null ? 0 : obj + (uint)_shape.IdentityOffset;
        WriteBlock(blockOffset, state, target);

        int? backLink = null;
        var objectImage = new ObjectImage(0x60, PointerSize);
        if (state.Target is TwinTarget.Live or TwinTarget.LiveNotInstalled)
        {
            for (int i = 0; i < _shape.VfPtrOffsets.Count; i++) objectImage.Pointer((uint)_shape.VfPtrOffsets[i], TargetVfTable(i));
            ulong word = state.Target == TwinTarget.LiveNotInstalled ? (uint)state.Strong
                : _shape.PlainBlockPointer ? block
                : CountOrPointerEncoding.Encode(block, PointerSize);
            objectImage.Pointer((uint)_shape.WordOffset, word);
            if (state.Target == TwinTarget.Live)
            {
                backLink = BackLinkOffset;
                if (state.Name == "alive" && !_shape.PlainBlockPointer)
                    _words.Add(new ScenarioWord("word-pointer", obj + (uint)_shape.WordOffset, word, block));
            }
        }
        else
        {
            objectImage.Fill(0xDD); // freed-memory pattern: the stale target must never be trusted
        }
        objectImage.Bytes.CopyTo(_heap, (int)objectOffset);

        _objects.Add(new ScenarioObject(state.Name, block, state.Expected, state.Strong, state.Weak, target, backLink)
        {
            StaleTarget = state.Target == TwinTarget.Stale,
        });
    }

    private void WriteBlock(uint offset, TwinState state, ulong target) =>
        BlockImage(state, target).Bytes.CopyTo(_heap, (int)offset);

    private ObjectImage BlockImage(TwinState state, ulong target)
    {
        var image = new ObjectImage((int)Layout.Size, PointerSize);
        for (int i = 0; i < Flavour.VtableFields.Count; i++) image.Pointer(Offset(Flavour.VtableFields[i]), BlockVfTable(i));
        image.Int32(Offset(Flavour.WeakField), state.Weak)
            .Int32(Offset(Flavour.StrongField), state.Strong)
            .Pointer(Offset(Flavour.TargetField), target);
        foreach (var flag in state.Flags ?? []) image.Byte(Offset(flag), 1);
        return image;
    }

    private static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);
}
