using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours.CppWinrt;

/// <summary>
/// C++/WinRT's <c>winrt::impl::weak_ref&lt;Agile, UseModuleLock&gt;</c> (docs/winrt-internals.md §4.2): IWeakReference
/// vfptr, the IWeakReferenceSource tear-off <c>m_source</c> one pointer in, the raw target <c>m_object</c> (never
/// cleared), <c>m_strong</c> and <c>m_weak</c> (starts at 1: the strong side's hold). The object's
/// <c>m_references</c> follows <c>root_implements</c>' vfptr and its three one-byte empty bases (+0x10 / +0x08),
/// right before the interface vtables (§4.3), so the identity the block holds is three pointers into the object.
/// </summary>
public sealed class CppWinrtFlavour : FlavourDescriptor
{
    /// <summary>The defaults (agile, module lock), as MSVC names them (S10 shows <c>weak_ref&lt;1,1&gt;</c>).</summary>
    public const string TypeName = "winrt::impl::weak_ref<1,1>";

    public const string TearOffType = "winrt::impl::weak_source<1,1>";

    private CppWinrtFlavour()
    {
    }

    public override string Id => "cppwinrt";

    public override string DisplayName => "C++/WinRT";

    public override string ControlBlockType => TypeName;

    public override IReadOnlyList<string> ObjectTypeSignatures { get; } = ["winrt::implements<*>"];

    public override string ControlBlockTypeSignature => "winrt::impl::weak_ref<*>";

    public override IReadOnlyList<string> VfTableSymbols { get; } = ["winrt::impl::weak_ref<*>::`vftable'"];

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86);

    public static CppWinrtFlavour Instance { get; } = new();

    public override IReadOnlyList<TypeLayout> BuiltInLayouts { get; } = [X64, X86];

    public override IReadOnlyDictionary<FieldRole, string> Roles { get; } = new Dictionary<FieldRole, string>
    {
        [FieldRole.VfTable] = "__VFN_table",
        [FieldRole.WeakCount] = "m_weak",
        [FieldRole.StrongCount] = "m_strong",
        [FieldRole.Target] = "m_object",
    };

    /// <summary>§4.2: the counts are plain uint32; nothing is written on purpose.</summary>
    public override IReadOnlyList<CountSentinel> Sentinels { get; } = [];

    public override bool FreedAtZeroWeak => true;

    public override IReadOnlyList<BlockTearOff> TearOffs(int pointerSize) => [new(pointerSize, "IWeakReferenceSource", TearOffType)];

    public override IReadOnlyList<string> WordFields { get; } = ["m_references"];

    public override int IdentityOffset(int pointerSize) => 3 * pointerSize;

    public override bool WordOffsetFits(long offsetFromIdentity, int pointerSize) => offsetFromIdentity == -pointerSize;

    /// <summary>§4.3: root vfptr, empty-base bytes, <c>m_references</c>, then one vtable per interface.</summary>
    public override IEnumerable<ObjectShape> CountModeShapes(int pointerSize)
    {
        for (int interfaces = 1; interfaces <= 8; interfaces++)
        {
            var vptrs = new List<int> { 0 };
            for (int i = 0; i < interfaces; i++) vptrs.Add((3 + i) * pointerSize);
            yield return new ObjectShape($"implements, {interfaces} interface{(interfaces == 1 ? "" : "s")}", vptrs, 2 * pointerSize);
        }
    }

    private static TypeLayout Make(TargetArchitecture family)
    {
        int ptr = family.PointerSize();
        return new TypeLayout(TypeName, family, (uint)(3 * ptr + 8),
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(ptr)),
            new FieldLayout("m_source", (uint)ptr, FieldType.Embedded(TearOffType, ptr)),
            new FieldLayout("m_object", (uint)(2 * ptr), FieldType.PointerTo("IUnknown", ptr)),
            new FieldLayout("m_strong", (uint)(3 * ptr), FieldType.UInt32),
            new FieldLayout("m_weak", (uint)(3 * ptr + 4), FieldType.UInt32),
        ], "built-in");
    }
}
