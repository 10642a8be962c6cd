using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// The tests' own table of the layouts scenarios are laid out with, written from
/// /work/shared/docs/winrt-internals.md §2.2 (MSVC's real WRL base list: four 1-byte empty bases push
/// <c>refcount_</c> to +0xC / +0x8), never taken from the core. A conformance test checks it against the
/// engine's reading of the targets' PDBs.
/// </summary>
public static class ExpectedLayouts
{
    public const string WeakReferenceImplName = "Microsoft::WRL::Details::WeakReferenceImpl";

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
        architecture.LayoutFamily() == TargetArchitecture.X86 ? WeakReferenceImplX86 : WeakReferenceImplX64;
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
