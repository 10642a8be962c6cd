using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// The tests' own table of the layouts scenarios are laid out with, one block type per flavour and
/// architecture, written from docs/winrt-internals.md (§2.2 WRL, §4.2 C++/WinRT, §3.1 C++/CX, §2.7 WinUI,
/// §5 windows-rs; type and field names as the engine's <c>dt</c> of weak_refs.pdb prints them, §6), never
/// taken from the core. A conformance test checks it against the engine's reading of the targets' PDBs.
/// </summary>
public static class ExpectedLayouts
{
    public const string WeakReferenceImplName = "Microsoft::WRL::Details::WeakReferenceImpl";

    public const string WeakRefName = "winrt::impl::weak_ref<1,1>";

    public const string WeakSourceName = "winrt::impl::weak_source<1,1>";

    public const string ControlBlockName = "Platform::Details::ControlBlock";

    public const string WinUIWeakReferenceImplName = "ctl::Details::WeakReferenceImpl";

    public const string TearOffName = "windows_core::imp::TearOff";

    public const string StrongFaceName = "windows_core::imp::StrongFace";

    public const string WeakFaceName = "windows_core::imp::WeakFace";

    public const string Source = "test table";

    public static TypeLayout WeakReferenceImplX64 { get; } = new(WeakReferenceImplName, TargetArchitecture.X64, 0x20,
    [
        new FieldLayout("__VFN_table", 0x00, FieldType.VfTable(8)),
        new FieldLayout("refcount_", 0x0C, FieldType.Int32),
        new FieldLayout("strongRefCount_", 0x10, FieldType.Int32),
        new FieldLayout("unknown_", 0x18, FieldType.PointerTo("IUnknown", 8)),
    ], Source);

    public static TypeLayout WeakReferenceImplX86 { get; } = new(WeakReferenceImplName, TargetArchitecture.X86, 0x14,
    [
        new FieldLayout("__VFN_table", 0x00, FieldType.VfTable(4)),
        new FieldLayout("refcount_", 0x08, FieldType.Int32),
        new FieldLayout("strongRefCount_", 0x0C, FieldType.Int32),
        new FieldLayout("unknown_", 0x10, FieldType.PointerTo("IUnknown", 4)),
    ], Source);

    public static TypeLayout WeakReferenceImpl(TargetArchitecture architecture) =>
        IsX86(architecture) ? WeakReferenceImplX86 : WeakReferenceImplX64;

    // The other flavours' offsets are multiples of the pointer size (x64 / x86 in the docs' tables).

    /// <summary>§4.2: IWeakReference vfptr, the weak_source tear-off, m_object, m_strong, m_weak (uint32): 0x20 / 0x14.</summary>
    public static TypeLayout WeakRef(TargetArchitecture architecture) => Make(WeakRefName, architecture, p => 3 * p + 8, p =>
    [
        new FieldLayout("__VFN_table", 0, FieldType.VfTable(p)),
        new FieldLayout("m_source", (uint)p, FieldType.Embedded(WeakSourceName, p)),
        new FieldLayout("m_object", (uint)(2 * p), FieldType.PointerTo("IUnknown", p)),
        new FieldLayout("m_strong", (uint)(3 * p), FieldType.UInt32),
        new FieldLayout("m_weak", (uint)(3 * p + 4), FieldType.UInt32),
    ]);

    /// <summary>§3.1: vfptr, weak then strong (long), __target, three allocation flags: 0x20 / 0x14.</summary>
    public static TypeLayout ControlBlock(TargetArchitecture architecture) => Make(ControlBlockName, architecture, p => 3 * p + 8, p =>
    [
        new FieldLayout("__VFN_table", 0, FieldType.VfTable(p)),
        new FieldLayout("__weakRefCount", (uint)p, FieldType.Int32),
        new FieldLayout("__strongRefCount", (uint)(p + 4), FieldType.Int32),
        new FieldLayout("__target", (uint)(p + 8), FieldType.PointerTo("__abi_IUnknown", p)),
        new FieldLayout("__bSingleAllocation", (uint)(2 * p + 8), FieldType.Boolean),
        new FieldLayout("__bAlignedAllocation", (uint)(2 * p + 9), FieldType.Boolean),
        new FieldLayout("__bExceptionAllocation", (uint)(2 * p + 10), FieldType.Boolean),
    ]);

    /// <summary>§2.7: vfptr, m_cRef (weak), m_cSourceRef (strong), m_pSourceRef (ULONGs, a ComBase*): 0x20 / 0x10.</summary>
    public static TypeLayout WinUIWeakReferenceImpl(TargetArchitecture architecture) =>
        Make(WinUIWeakReferenceImplName, architecture, p => 4 * p, p =>
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(p)),
            new FieldLayout("m_cRef", (uint)p, FieldType.UInt32),
            new FieldLayout("m_cSourceRef", (uint)(2 * p), FieldType.UInt32),
            new FieldLayout("m_pSourceRef", (uint)(3 * p), FieldType.PointerTo("ctl::ComBase", p)),
        ]);

    /// <summary>§5: the two faces (one vtable pointer each), object, strong and weak (i32): 0x20 / 0x14.</summary>
    public static TypeLayout TearOff(TargetArchitecture architecture) => Make(TearOffName, architecture, p => 3 * p + 8, p =>
    [
        new FieldLayout("strong_vtable", 0, FieldType.Embedded(StrongFaceName, p)),
        new FieldLayout("weak_vtable", (uint)p, FieldType.Embedded(WeakFaceName, p)),
        new FieldLayout("object", (uint)(2 * p), FieldType.PointerTo("IUnknown", p)),
        new FieldLayout("strong_count", (uint)(3 * p), FieldType.Int32),
        new FieldLayout("weak_count", (uint)(3 * p + 4), FieldType.Int32),
    ]);

    /// <summary>The layout of the architecture's family, its size and fields given for a pointer size.</summary>
    private static TypeLayout Make(string name, TargetArchitecture architecture, Func<int, int> size, Func<int, FieldLayout[]> fields)
    {
        var family = IsX86(architecture) ? TargetArchitecture.X86 : TargetArchitecture.X64;
        int p = family.PointerSize();
        return new(name, family, (uint)size(p), fields(p), Source);
    }

    private static bool IsX86(TargetArchitecture architecture) => architecture.LayoutFamily() == TargetArchitecture.X86;
}

/// <summary>Count values WRL writes on purpose (winrt-internals.md §2.5), as the tests know them.</summary>
public static class WrlCounts
{
    /// <summary>LONG_MAX: a saturated (leaked) strong count.</summary>
    public const int Saturated = int.MaxValue;

    /// <summary>LONG_MAX / 2 = 0x3FFFFFFF: strongRefCount_ of a block being created.</summary>
    public const int BeingCreated = 0x3FFF_FFFF;

    /// <summary>0xC0000001 = −(LONG_MAX / 2): written by WRL destructors.</summary>
    public const int Destroyed = unchecked((int)0xC000_0001);
}

/// <summary>Count values C++/CX writes on purpose (winrt-internals.md §3.2).</summary>
public static class CxCounts
{
    /// <summary>0xC0000000 ("LONG_MIN/2"): <c>__strongRefCount</c> once the strong count reached zero.</summary>
    public const int StrongZero = unchecked((int)0xC000_0000);
}

/// <summary>The count-or-pointer word as WRL / C++/WinRT write it (winrt-internals.md §2.3).</summary>
public static class CountOrPointerEncoding
{
    /// <summary><c>((INT_PTR)block &gt;&gt; 1) | top bit</c>, an arithmetic shift at the pointer width.</summary>
    public static ulong Encode(ulong block, int pointerSize)
    {
        if ((block & 1) != 0) throw new ArgumentException("a control block is at least 2-byte aligned", nameof(block));
        return pointerSize switch
        {
            8 => unchecked((ulong)((long)block >> 1)) | 0x8000_0000_0000_0000UL,
            4 => unchecked((uint)((int)checked((uint)block) >> 1)) | 0x8000_0000U,
            _ => throw new ArgumentOutOfRangeException(nameof(pointerSize)),
        };
    }
}
