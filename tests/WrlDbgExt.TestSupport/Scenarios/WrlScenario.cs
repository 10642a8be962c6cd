using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// Lays out WRL weak-reference control blocks in every state, with their targets, in a small heap
/// arena plus a fake module holding the vftables. The same scenario feeds in-memory targets,
/// handcrafted minidumps and the README's sample dump, and it reports its own ground truth.
/// </summary>
public sealed class WrlScenario
{
    private readonly List<(ulong Address, byte[] Bytes)> _regions = new();
    private readonly List<ScenarioObject> _objects = new();
    private readonly byte[] _heap;
    private uint _next;

    /// <summary>The scenario in a fake module with the tests' own layout table (<see cref="ExpectedLayouts"/>).</summary>
    public WrlScenario(TargetArchitecture architecture)
        : this(architecture, null, null)
    {
    }

    /// <summary>
    /// The scenario laid out with <paramref name="layout"/> (e.g. read from a PDB by the engine) and
    /// attributed to a real <paramref name="module"/>, so a debugger can load that module's symbols.
    /// </summary>
    public WrlScenario(TargetArchitecture architecture, TypeLayout? layout, TargetModule? module)
    {
        Architecture = architecture;
        PointerSize = architecture.PointerSize();
        Layout = layout ?? ExpectedLayouts.WeakReferenceImpl(architecture);
        HeapBase = PointerSize == 8 ? 0x0000_01d0_4f5e_0000UL : 0x00a1_0000UL;
        _module = module;
        ModuleBase = module?.ImageBase ?? (PointerSize == 8 ? 0x0000_7ff6_1230_0000UL : 0x0040_0000UL);
        _heap = new byte[0x1000];
        _heap.AsSpan().Fill(0xCD); // uninitialised-heap pattern: nothing reads as a plausible object by accident
        Build();
        _regions.Add((HeapBase, _heap));
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    public TypeLayout Layout { get; }

    public ulong HeapBase { get; }

    public ulong ModuleBase { get; }

    public const uint ModuleSize = 0x10000;

    public const string ModulePath = @"C:\scenario\widgets.dll";

    public static readonly Guid ModulePdbGuid = new("5f0b8a31-77c4-4c2e-9d1a-4c4c44205044");

    /// <summary>vftable of WeakReferenceImpl inside the fake module.</summary>
    public ulong WeakReferenceImplVfTable => ModuleBase + 0x2010;

    /// <summary>vftable of the target class (a weak-capable RuntimeClass) inside the fake module.</summary>
    public ulong WidgetVfTable => ModuleBase + 0x2080;

    /// <summary>Where the weak-capable RuntimeClass keeps refCount_ (docs/winrt-internals.md §2.6 model).</summary>
    public uint RefCountOffset => PointerSize == 8 ? 0x38u : 0x1Cu;

    /// <summary>A weak-capable object nobody took a weak reference to: its word is in count mode (3).</summary>
    public ulong CountModeObject { get; private set; }

    public const uint CountModeStrong = 3;

    public IReadOnlyList<(ulong Address, byte[] Bytes)> Regions => _regions;

    public IReadOnlyList<ScenarioObject> Objects => _objects;

    public ScenarioObject Object(string name) => _objects.Single(o => o.Name == name);

    public TargetModule Module => _module ?? new(ModulePath, ModuleBase, ModuleSize, 0x5F3A_1B2C, new Version(10, 0, 19041, 1),
        PdbIdentity.Rsds(ModulePdbGuid, 1, "widgets.pdb"));

    private readonly TargetModule? _module;

    public InMemoryTarget ToInMemoryTarget()
    {
        var target = new InMemoryTarget(Architecture);
        foreach (var (address, bytes) in _regions) target.AddRegion(address, bytes);
        target.AddModule(Module);
        return target;
    }

    private void Build()
    {
        uint size = Layout.Size;
        // alive: 2 IWeakReference holders + the target's hold; the target's word points back.
        Block("alive", strong: 2, weak: 3, liveTarget: true);
        Block("target-destroyed", strong: 0, weak: 1, liveTarget: false);
        Block("control-block-destroyed", strong: WrlCounts.Destroyed, weak: WrlCounts.Destroyed, liveTarget: false);
        Block("saturated", strong: WrlCounts.Saturated, weak: 2, liveTarget: true);
        Block("being-created", strong: WrlCounts.BeingCreated, weak: 2, liveTarget: true);
        Block("corrupt-negative-count", strong: -5, weak: 1, liveTarget: false, expected: "corrupt");
        Block("corrupt-alive-without-weak-hold", strong: 1, weak: 0, liveTarget: true, expected: "corrupt");

        // Misaligned: an otherwise live-looking block at a 4-byte offset (x64) / 2-byte offset (x86).
        _next = Align(_next, 0x40) + (uint)(PointerSize / 2);
        ulong misaligned = HeapBase + _next;
        WriteBlock(_next, 2, 3, HeapBase + 0x800);
        _objects.Add(new ScenarioObject("corrupt-misaligned", misaligned, "not-a-control-block", 2, 3, HeapBase + 0x800, null));
        _next += size;

        // Alive block whose target was not captured in the snapshot: the verdict stays "alive".
        _next = Align(_next, 0x40);
        ulong uncaptured = PointerSize == 8 ? 0x0000_02aa_0000_0040UL : 0x0bad_0040UL;
        WriteBlock(_next, 1, 2, uncaptured);
        _objects.Add(new ScenarioObject("alive-target-not-captured", HeapBase + _next, "alive", 1, 2, uncaptured, null));
        _next += size;

        // An object in count mode (no weak reference ever taken).
        _next = Align(_next, 0x40);
        CountModeObject = HeapBase + _next;
        new ObjectImage(0x40, PointerSize).Pointer(0, WidgetVfTable).Pointer(RefCountOffset, CountModeStrong).Bytes.CopyTo(_heap, (int)_next);
        _next += 0x40;

        // Truncated: only the first 0x10 bytes are captured, in a region of their own.
        ulong truncatedAt = HeapBase + 0x10000;
        var image = BlockImage(2, 3, HeapBase + 0x800);
        _regions.Add((truncatedAt, image.Bytes[..0x10]));
        bool weakReadable = Layout.RequiredField("refcount_").Offset + 4 <= 0x10;
        bool strongReadable = Layout.RequiredField("strongRefCount_").Offset + 4 <= 0x10;
        _objects.Add(new ScenarioObject("corrupt-truncated", truncatedAt, "incomplete",
            strongReadable ? 2 : null, weakReadable ? 3 : null, HeapBase + 0x800, null));

        // Head missing: the block starts 0x10 bytes before that region, so its first fields are not
        // captured but its last ones are (the engine reads such fields one by one).
        ulong headAt = truncatedAt - 0x10;
        var captured = image.Bytes[..0x10];
        ulong? Field(string name, int size)
        {
            uint offset = Layout.RequiredField(name).Offset;
            if (offset < 0x10 || offset - 0x10 + size > 0x10) return null;
            int at = (int)(offset - 0x10);
            return size == 8 ? BitConverter.ToUInt64(captured, at) : BitConverter.ToUInt32(captured, at);
        }
        _objects.Add(new ScenarioObject("corrupt-head-missing", headAt, "incomplete",
            Field("strongRefCount_", 4) is { } hs ? (int)(uint)hs : null,
            Field("refcount_", 4) is { } hw ? (int)(uint)hw : null,
            Field("unknown_", PointerSize) ?? 0, null));
    }

    private void Block(string name, int strong, int weak, bool liveTarget, string? expected = null)
    {
        _next = Align(_next, 0x40);
        uint blockOffset = _next;
        _next += Layout.Size;
        _next = Align(_next, 0x40);
        uint targetOffset = _next;
        _next += 0x60;

        ulong block = HeapBase + blockOffset;
        ulong target = HeapBase + targetOffset;
        WriteBlock(blockOffset, strong, weak, target);

        uint? backLink = null;
        var targetImage = new ObjectImage(0x60, PointerSize);
        if (liveTarget)
        {
            targetImage.Pointer(0, WidgetVfTable);
            targetImage.Pointer((uint)PointerSize, WidgetVfTable + 0x40); // IWeakReferenceSource vptr
            targetImage.Pointer(RefCountOffset, CountOrPointerEncoding.Encode(block, PointerSize));
            backLink = RefCountOffset;
        }
        else
        {
            targetImage.Fill(0xDD); // freed-memory pattern: the stale target must never be trusted
        }
        targetImage.Bytes.CopyTo(_heap, (int)targetOffset);

        _objects.Add(new ScenarioObject(name, block, expected ?? name, strong, weak, target, backLink));
    }

    private void WriteBlock(uint offset, int strong, int weak, ulong target) =>
        BlockImage(strong, weak, target).Bytes.CopyTo(_heap, (int)offset);

    private ObjectImage BlockImage(int strong, int weak, ulong target) =>
        new ObjectImage((int)Layout.Size, PointerSize)
            .Pointer(0, WeakReferenceImplVfTable)
            .Int32(Layout.RequiredField("refcount_").Offset, weak)
            .Int32(Layout.RequiredField("strongRefCount_").Offset, strong)
            .Pointer(Layout.RequiredField("unknown_").Offset, target);

    private static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);
}
