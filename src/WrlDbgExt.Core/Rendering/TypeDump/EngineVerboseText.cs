using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// The type texts of the engine's <c>dt -v</c> (docs/pdb-format.md §18): classes as <c>struct gallery::Point, 2
/// elements, 0x4 bytes</c>, enums as <c>Enum gallery::Colour,  3 total enums</c> and a line break (the value, if any,
/// follows on the next line), pointers as <c>Ptr64 to X</c>, bitfields after <c>Bitfield </c>, vfptrs as
/// <c>N entries</c>; method signatures with C type names (<c>HRESULT (\n\tGUID*, \n\tvoid**)</c>).
/// </summary>
public static class EngineVerboseText
{
    public const string BitfieldPrefix = "Bitfield ";

    public static string Of(DebugType type, int pointerSize, int level) => type switch
    {
        BasicType b => EngineTypeText.Basic(b),
        PointerType p => PointerTo(p.Pointee, pointerSize, level),
        ArrayType a => $"[{a.Count}] " + Of(a.Element, pointerSize, level),
        EnumType e => Enum(e) + "\n",
        UdtType u => Udt(u),
        FunctionType f => EngineTypeText.Function(f, level),
        OpaqueType o => o.Name,
        _ => "",
    };

    public static string PointerTo(DebugType pointee, int pointerSize, int level) =>
        EngineTypeText.Pointer(pointerSize) + " to " + Of(pointee, pointerSize, level);

    public static string Udt(UdtType udt) => Udt(udt, udt.Name);

    /// <summary>A class under another name (a class nested in the one printed shows under its short name).</summary>
    public static string Udt(UdtType udt, string name) => $"{Keyword(udt.Kind)} {name}, {udt.ElementCount} elements, 0x{udt.Size:x} bytes";

    public static string Enum(EnumType e) => $"Enum {e.Name},  {e.Constants.Count} total enums";

    public static string VfTable(int slots) => $"{slots} entries";

    public static string Keyword(UdtKind kind) => kind switch
    {
        UdtKind.Class => "class",
        UdtKind.Union => "union",
        UdtKind.Interface => "interface",
        _ => "struct",
    };

    /// <summary>
    /// A method's signature: the return type's C name, a space, then <c>( void )</c> without parameters, else each
    /// parameter on a line of its own after a tab, separated by <c>", "</c>.
    /// </summary>
    public static string Signature(MethodEntry method) => CName(method.ReturnType) + " " + Parameters(method.Parameters);

    /// <summary><c>( void )</c>, or <c>(\n\tT1, \n\tT2)</c>: each parameter's C name on a line of its own after a tab.</summary>
    public static string Parameters(IReadOnlyList<DebugType> parameters) => parameters.Count == 0
        ? "( void )"
        : "(" + string.Join(", ", parameters.Select(p => "\n\t" + CName(p))) + ")";

    /// <summary>A type's C name as the engine spells it in signatures: references as pointers, <c>int64</c> for <c>__int64</c>.</summary>
    public static string CName(DebugType type) => type switch
    {
        BasicType b => BasicCName(b.CName),
        PointerType p => CName(p.Pointee) + "*",
        ArrayType a => CName(a.Element) + $"[{a.Count}]",
        EnumType e => e.Name,
        UdtType u => u.Name,
        FunctionType => "<function>",
        OpaqueType o => o.Name,
        _ => "",
    };

    private static string BasicCName(string name) => name switch
    {
        "__int64" => "int64",
        "unsigned __int64" => "unsigned int64",
        "unsigned" => "unsigned int",
        _ => name,
    };
}
