using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours.WinUI;

/// <summary>
/// WinUI 3's <c>ctl::Details::WeakReferenceImpl</c> (docs/winrt-internals.md §2.7): <c>m_cRef</c> (the block's
/// own count, from 2), <c>m_cSourceRef</c> (the source's strong count) and <c>m_pSourceRef</c>, which — unlike
/// WRL — is nulled when the source is released; ComBase adds a reference back before its final release, so a
/// released source's block reads strong 1 with a null pointer: the null pointer is the test. <c>ctl::ComBase::
/// refCount_</c> (+0x18 / +0x0C) uses WRL's count-or-pointer encoding.
/// </summary>
public sealed class WinUIFlavour : FlavourDescriptor
{
    public const string TypeName = "ctl::Details::WeakReferenceImpl";

    private WinUIFlavour()
    {
    }

    public override string Id => "winui";

    public override string DisplayName => "WinUI";

    public override string ControlBlockType => TypeName;

    public override IReadOnlyList<string> ObjectTypeSignatures { get; } = ["ctl::ComBase"];

    public override IReadOnlyList<string> VfTableSymbols { get; } = [TypeName + "::`vftable'"];

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64, cref: 0x08, source: 0x10, pointer: 0x18, size: 0x20);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86, cref: 0x04, source: 0x08, pointer: 0x0C, size: 0x10);

    public static WinUIFlavour Instance { get; } = new();

    public override IReadOnlyList<TypeLayout> BuiltInLayouts { get; } = [X64, X86];

    public override IReadOnlyDictionary<FieldRole, string> Roles { get; } = new Dictionary<FieldRole, string>
    {
        [FieldRole.VfTable] = "__VFN_table",
        [FieldRole.WeakCount] = "m_cRef",
        [FieldRole.StrongCount] = "m_cSourceRef",
        [FieldRole.Target] = "m_pSourceRef",
    };

    public override IReadOnlyList<CountSentinel> Sentinels { get; } = [];

    public override bool ClearsTargetOnRelease => true;

    public override bool ReleasedWhenTargetNull => true;

    public override bool FreedAtZeroWeak => true;

    public override IReadOnlyList<string> WordFields { get; } = ["refCount_"];

    /// <summary>ComBase's FTM pointer (docs/winrt-internals.md §2.7): WRL's RuntimeClass has none of that name.</summary>
    public override IReadOnlyList<string> ClassMarkers { get; } = ["m_pUnkFTM"];

    /// <summary>ComBase: its IInspectable vptr, flags, <c>m_pUnkFTM</c>, <c>refCount_</c>; a derived class's interfaces follow.</summary>
    public override IEnumerable<ObjectShape> CountModeShapes(int pointerSize)
    {
        for (int more = 0; more <= 7; more++)
        {
            var vptrs = new List<int> { 0 };
            for (int i = 0; i < more; i++) vptrs.Add((4 + i) * pointerSize);
            yield return new ObjectShape($"ComBase-derived class, {more + 1} vtable{(more == 0 ? "" : "s")}", vptrs, 3 * pointerSize);
        }
    }

    private static TypeLayout Make(TargetArchitecture family, uint cref, uint source, uint pointer, uint size)
    {
        int ptr = family.PointerSize();
        return new TypeLayout(TypeName, family, size,
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(ptr)),
            new FieldLayout("m_cRef", cref, FieldType.UInt32),
            new FieldLayout("m_cSourceRef", source, FieldType.UInt32),
            new FieldLayout("m_pSourceRef", pointer, FieldType.PointerTo("ctl::ComBase", ptr)),
        ], "built-in");
    }
}
