using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// The type column of the engine's <c>dt</c> (docs/debugger-engine.md §10): <c>Int4B</c>, <c>Uint8B</c>, <c>Char</c>
/// (char and signed char), <c>UChar</c>, <c>Wchar</c>, <c>Float</c> (float and double alike), <c>Ptr64 X</c>,
/// <c>[3] [2] X</c>, class and enum names as the PDB spells them, <c>Pos 1, 4 Bits</c>.
/// </summary>
public static class EngineTypeText
{
    public static string Of(DebugType type, int pointerSize, int level) => type switch
    {
        BasicType b => Basic(b),
        PointerType p => Pointer(pointerSize) + " " + Pointee(p.Pointee, pointerSize, level),
        ArrayType a => $"[{a.Count}] " + Of(a.Element, pointerSize, level),
        EnumType e => e.Name,
        UdtType u => u.Name,
        FunctionType f => Function(f, level),
        OpaqueType o => o.Name,
        _ => "",
    };

    public static string Basic(BasicType b) => b.Kind switch
    {
        BasicKind.Void => "Void",
        BasicKind.Char => "Char",
        BasicKind.UChar => "UChar",
        BasicKind.SignedInteger => $"Int{b.Size}B",
        BasicKind.UnsignedInteger => $"Uint{b.Size}B",
        BasicKind.Bool => "Bool",
        BasicKind.WideChar => "Wchar",
        BasicKind.Float => "Float",
        _ => b.CName,
    };

    public static string Pointer(int pointerSize) => pointerSize == 8 ? "Ptr64" : "Ptr32";

    /// <summary>What follows <c>Ptr64 </c>: the pointee's type text; <c>Void</c> for void.</summary>
    public static string Pointee(DebugType pointee, int pointerSize, int level) => Of(pointee, pointerSize, level);

    /// <summary>
    /// A function type: its return type's C name between spaces, after as many spaces as the line's indentation
    /// plus two (observed: <c>Ptr64     int </c> at the top level, three more spaces per level).
    /// </summary>
    public static string Function(FunctionType f, int level) => new string(' ', 3 * (level + 1) + 1) + f.ReturnTypeName + " ";

    public static string Bitfield(Bitfield bits) => $"Pos {bits.Position}, {bits.Width} Bit" + (bits.Width == 1 ? "" : "s");

    /// <summary>The engine's spelling of a constant in an enum's type form: <c>0n5</c>, or hex from 0x80000000 up.</summary>
    public static string EnumConstant(ulong value, ulong size)
    {
        ulong bits = size >= 8 ? value : value & ((1UL << (int)(size * 8)) - 1);
        return bits < 0x8000_0000 ? "0n" + bits.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"0x{bits:x}";
    }
}
