using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours.Cx;

/// <summary>
/// C++/CX's <c>Platform::Details::ControlBlock</c> (docs/winrt-internals.md §3): weak count, then strong count
/// (the header's order), the raw <c>__target</c> and three allocation flags. No high-bit trick: every ref class
/// points at its block from creation (<c>__abi_reference_count.__weakRefSource</c>) and the strong count always
/// lives in the block. Strong reaching zero writes 0xC0000000; <c>__target</c> is nulled only for a block
/// allocated apart from its object; the block frees itself when its weak count reaches zero.
/// </summary>
public sealed class CxFlavour : FlavourDescriptor
{
    public const string TypeName = "Platform::Details::ControlBlock";

    /// <summary>§3.2: "LONG_MIN/2", what a strong count that reached zero reads.</summary>
    public const int StrongZero = unchecked((int)0xC0000000);

    private CxFlavour()
    {
    }

    public override string Id => "cx";

    public override string DisplayName => "C++/CX";

    public override string ControlBlockType => TypeName;

    // Platform::Object in real C++/CX; wrlref::cx::RefObject is the reference implementation's stand-in (src/native/reference).
    public override IReadOnlyList<string> ObjectTypeSignatures { get; } = ["Platform::Object", "wrlref::cx::RefObject"];

    public override IReadOnlyList<string> VfTableSymbols { get; } = [TypeName + "::`vftable'"];

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86);

    public static CxFlavour Instance { get; } = new();

    public override IReadOnlyList<TypeLayout> BuiltInLayouts { get; } = [X64, X86];

    public override IReadOnlyDictionary<FieldRole, string> Roles { get; } = new Dictionary<FieldRole, string>
    {
        [FieldRole.VfTable] = "__VFN_table",
        [FieldRole.WeakCount] = "__weakRefCount",
        [FieldRole.StrongCount] = "__strongRefCount",
        [FieldRole.Target] = "__target",
    };

    public override IReadOnlyList<CountSentinel> Sentinels { get; } = [new(StrongZero, FieldRole.StrongCount, SentinelMeaning.StrongZero)];

    public override bool MayClearTarget => true;

    public override bool FreedAtZeroWeak => true;

    public override ObjectWordEncoding WordEncoding => ObjectWordEncoding.BlockPointer;

    /// <summary>S8's name for the injected member; its first pointer is <c>__weakRefSource</c>.</summary>
    public override IReadOnlyList<string> WordFields { get; } = ["__abi_reference_count"];

    private static TypeLayout Make(TargetArchitecture family)
    {
        int ptr = family.PointerSize();
        uint flags = (uint)(2 * ptr + 8);
        return new TypeLayout(TypeName, family, (uint)(3 * ptr + 8),
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(ptr)),
            new FieldLayout("__weakRefCount", (uint)ptr, FieldType.Int32),
            new FieldLayout("__strongRefCount", (uint)ptr + 4, FieldType.Int32),
            new FieldLayout("__target", (uint)(ptr + 8), FieldType.PointerTo("__abi_IUnknown", ptr)),
            new FieldLayout("__bSingleAllocation", flags, FieldType.Boolean),
            new FieldLayout("__bAlignedAllocation", flags + 1, FieldType.Boolean),
            new FieldLayout("__bExceptionAllocation", flags + 2, FieldType.Boolean),
        ], "built-in");
    }
}
