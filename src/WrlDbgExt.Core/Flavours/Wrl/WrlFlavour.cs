using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours.Wrl;

/// <summary>
/// WRL's <c>Microsoft::WRL::Details::WeakReferenceImpl</c> (docs/winrt-internals.md §2). <c>refcount_</c> is
/// the block's own count, <c>strongRefCount_</c> the target's strong count, <c>unknown_</c> the target,
/// never cleared. The four 1-byte empty bases after the vfptr put <c>refcount_</c> at +0xC / +0x8
/// (§2.2, checked against the engine's reading of the targets' PDBs).
/// </summary>
public sealed class WrlFlavour : FlavourDescriptor
{
    public const string TypeName = "Microsoft::WRL::Details::WeakReferenceImpl";

    private WrlFlavour()
    {
    }

    public override string Id => "wrl";

    public override string DisplayName => "WRL";

    public override string ControlBlockType => TypeName;

    public override IReadOnlyList<string> ObjectTypeSignatures { get; } = ["Microsoft::WRL::RuntimeClass<*>"];

    public override IReadOnlyList<string> VfTableSymbols { get; } = [TypeName + "::`vftable'"];

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64, refcount: 0x0C, strong: 0x10, unknown: 0x18, size: 0x20);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86, refcount: 0x08, strong: 0x0C, unknown: 0x10, size: 0x14);

    // After X64 and X86: static initialisers run in text order, and the instance reads them.
    public static WrlFlavour Instance { get; } = new();

    public override IReadOnlyList<TypeLayout> BuiltInLayouts { get; } = [X64, X86];

    public override IReadOnlyDictionary<FieldRole, string> Roles { get; } = new Dictionary<FieldRole, string>
    {
        [FieldRole.VfTable] = "__VFN_table",
        [FieldRole.WeakCount] = "refcount_",
        [FieldRole.StrongCount] = "strongRefCount_",
        [FieldRole.Target] = "unknown_",
    };

    /// <summary>§2.5: LONG_MAX saturates, LONG_MAX/2 while GetWeakReference installs the block, −(LONG_MAX/2) from destructors.</summary>
    public override IReadOnlyList<CountSentinel> Sentinels { get; } =
    [
        new(int.MaxValue, FieldRole.StrongCount, SentinelMeaning.Saturated),
        new(int.MaxValue / 2, FieldRole.StrongCount, SentinelMeaning.BeingCreated),
        new(-(int.MaxValue / 2), FieldRole.StrongCount, SentinelMeaning.Destroyed),
        new(-(int.MaxValue / 2), FieldRole.WeakCount, SentinelMeaning.Destroyed),
    ];

    public override IReadOnlyList<string> WordFields { get; } = ["refCount_"];

    /// <summary>Bytes FtmBase takes after the IMarshal vptr's slot starts (docs/winrt-internals.md §2.6).</summary>
    public static int FtmBaseSize(int pointerSize) => 4 * pointerSize;

    /// <summary>
    /// §2.6: <c>I0, IWeakReferenceSource, [FtmBase], I1…</c>, then three one-byte empty bases, then <c>refCount_</c>
    /// rounded up to the pointer size; with and without FtmBase, one to eight interfaces (one and two confirmed by
    /// the engine's reading of our PDBs: +0x40 / +0x20 with FtmBase, +0x18 / +0x0C and +0x20 / +0x10 without).
    /// </summary>
    public override IEnumerable<ObjectShape> CountModeShapes(int pointerSize)
    {
        int p = pointerSize;
        for (int interfaces = 1; interfaces <= 8; interfaces++)
        {
            foreach (bool ftm in new[] { true, false })
            {
                var vptrs = new List<int> { 0, p };
                int next = 2 * p;
                if (ftm)
                {
                    vptrs.Add(next);
                    next += FtmBaseSize(p);
                }
                for (int i = 1; i < interfaces; i++, next += p) vptrs.Add(next);
                // Measured (§2.6): with FtmBase last, its trailing empty bases and the class's take a slot more.
                int word = ftm && interfaces == 1 ? next + 2 * p : (next + 3 + p - 1) / p * p;
                yield return new ObjectShape($"RuntimeClass, {interfaces} interface{(interfaces == 1 ? "" : "s")}, {(ftm ? "with" : "without")} FtmBase", vptrs, word);
            }
        }
    }

    private static TypeLayout Make(TargetArchitecture family, uint refcount, uint strong, uint unknown, uint size)
    {
        int ptr = family.PointerSize();
        return new TypeLayout(TypeName, family, size,
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(ptr)),
            new FieldLayout("refcount_", refcount, FieldType.Int32),
            new FieldLayout("strongRefCount_", strong, FieldType.Int32),
            new FieldLayout("unknown_", unknown, FieldType.PointerTo("IUnknown", ptr)),
        ], "built-in");
    }
}
