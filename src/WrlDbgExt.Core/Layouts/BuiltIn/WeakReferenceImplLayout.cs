using System.Runtime.CompilerServices;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts.BuiltIn;

/// <summary>
/// <c>Microsoft::WRL::Details::WeakReferenceImpl</c>, as MSVC lays out WRL's real base list: the four
/// 1-byte empty bases after the IWeakReference vfptr push <c>refcount_</c> to +0xC / +0x8
/// (winrt-internals.md §2.2, verified against the real engine).
/// </summary>
public static class WeakReferenceImplLayout
{
    public const string TypeName = "Microsoft::WRL::Details::WeakReferenceImpl";

    public static TypeLayout X64 { get; } = Make(TargetArchitecture.X64, refcount: 0x0C, strong: 0x10, unknown: 0x18, size: 0x20);

    public static TypeLayout X86 { get; } = Make(TargetArchitecture.X86, refcount: 0x08, strong: 0x0C, unknown: 0x10, size: 0x14);

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

#pragma warning disable CA2255 // registration by module initializer keeps "a new layout is one new file"
    [ModuleInitializer]
    internal static void Register() => BuiltInLayouts.Register(X64, X86);
#pragma warning restore CA2255
}
