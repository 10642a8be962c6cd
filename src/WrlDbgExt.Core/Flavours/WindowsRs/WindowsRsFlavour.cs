using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours.WindowsRs;

/// <summary>
/// windows-rs's <c>TearOff</c> behind <c>WeakRefCount</c> (docs/winrt-internals.md §5): the same fields as
/// C++/WinRT's weak_ref but the vtables the other way round — the IWeakReferenceSource vtable at the start (where
/// the object's encoded word points) and the IWeakReference one a pointer in. The target is never cleared.
/// Without symbols the two are told apart only by where the live object keeps its word.
/// </summary>
public sealed class WindowsRsFlavour : FlavourDescriptor
{
    /// <summary>The reference implementation's C++ model of the Rust type (src/native/reference/windowsrs_weak.h).</summary>
    public const string TypeName = "windows_core::imp::TearOff";

    /// <summary>The model's two faces: embedded objects whose vptrs are Rust's two vtable pointers.</summary>
    public const string StrongFace = "windows_core::imp::StrongFace";

    public const string WeakFace = "windows_core::imp::WeakFace";

    private WindowsRsFlavour()
    {
    }

    public override string Id => "windows-rs";

    public override string DisplayName => "windows-rs";

    public override string ControlBlockType => TypeName;

    /// <summary>The model's face, and Rust's static vtable as a Rust PDB names it.</summary>
    public override IReadOnlyList<string> VfTableSymbols { get; } = [StrongFace + "::`vftable'", "*TearOff*STRONG_VTABLE*"];

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86);

    public static WindowsRsFlavour Instance { get; } = new();

    public override IReadOnlyList<TypeLayout> BuiltInLayouts { get; } = [X64, X86];

    public override IReadOnlyDictionary<FieldRole, string> Roles { get; } = new Dictionary<FieldRole, string>
    {
        [FieldRole.VfTable] = "strong_vtable",
        [FieldRole.WeakCount] = "weak_count",
        [FieldRole.StrongCount] = "strong_count",
        [FieldRole.Target] = "object",
    };

    public override IReadOnlyList<CountSentinel> Sentinels { get; } = [];

    public override bool FreedAtZeroWeak => true;

    public override IReadOnlyList<BlockTearOff> TearOffs(int pointerSize) => [new(pointerSize, "IWeakReference", WeakFace)];

    public override IReadOnlyList<string> WordFields { get; } = ["count"];

    private static TypeLayout Make(TargetArchitecture family)
    {
        int ptr = family.PointerSize();
        return new TypeLayout(TypeName, family, (uint)(3 * ptr + 8),
        [
            new FieldLayout("strong_vtable", 0, FieldType.Embedded(StrongFace, ptr)),
            new FieldLayout("weak_vtable", (uint)ptr, FieldType.Embedded(WeakFace, ptr)),
            new FieldLayout("object", (uint)(2 * ptr), FieldType.PointerTo("IUnknown", ptr)),
            new FieldLayout("strong_count", (uint)(3 * ptr), FieldType.Int32),
            new FieldLayout("weak_count", (uint)(3 * ptr + 4), FieldType.Int32),
        ], "built-in");
    }
}
