namespace WrlDbgExt.Core.Layouts;

public enum FieldKind
{
    /// <summary>The compiler's vfptr: WinDbg prints it as <c>__VFN_table</c>.</summary>
    VfTable,
    SignedInteger,
    UnsignedInteger,
    Pointer,

    /// <summary>A C++ <c>bool</c>: the engine prints <c>Bool</c> and the value as 0 or 1.</summary>
    Bool,

    /// <summary>A member that is itself a class (C++/WinRT's <c>m_source</c> tear-off): printed by its type name.</summary>
    Embedded,
}

/// <summary>What the engine knows of a field's type: enough to print <c>dt</c> and read the value.</summary>
/// <param name="Kind">Category.</param>
/// <param name="Size">Size in bytes (pointer size for pointers and vfptrs).</param>
/// <param name="Pointee">For pointers: the pointee's type name (<c>IUnknown</c>); null for <c>Void</c>.</param>
public sealed record FieldType(FieldKind Kind, int Size, string? Pointee = null)
{
    public static FieldType Int32 { get; } = new(FieldKind.SignedInteger, 4);

    public static FieldType UInt32 { get; } = new(FieldKind.UnsignedInteger, 4);

    public static FieldType Int64 { get; } = new(FieldKind.SignedInteger, 8);

    public static FieldType VfTable(int pointerSize) => new(FieldKind.VfTable, pointerSize);

    public static FieldType PointerTo(string? pointee, int pointerSize) => new(FieldKind.Pointer, pointerSize, pointee);

    public static FieldType Boolean { get; } = new(FieldKind.Bool, 1);

    /// <summary>An embedded class member of <paramref name="size"/> bytes, named by its type.</summary>
    public static FieldType Embedded(string typeName, int size) => new(FieldKind.Embedded, size, typeName);
}
