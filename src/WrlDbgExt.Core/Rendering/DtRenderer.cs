using System.Text;
using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>dt</c>-style text exactly as the engine prints it (docs/debugger-engine.md §10): three spaces,
/// <c>+0x</c> offset (≥ 3 hex digits), the name padded to 16, <c> : </c>, then the type or the value.
/// <c>__VFN_table</c> is never padded and its line ends with a space. Lines end with <c>\n</c>.
/// </summary>
public static class DtRenderer
{
    private const string VfTableName = "__VFN_table";

    /// <summary>
    /// The header line the engine prints when the type was given without a module (<c>t!Type</c>);
    /// null when the layout names no module (built-in layouts) or the user named the module.
    /// </summary>
    public static string? Header(TypeLayout layout, bool moduleGiven) =>
        moduleGiven || layout.Module is null ? null : $"{layout.Module}!{layout.Name}";

    /// <summary><c>dt Type</c>: one line per field with its type.</summary>
    public static string RenderType(TypeLayout layout, bool moduleGiven = false)
    {
        var sb = new StringBuilder();
        if (Header(layout, moduleGiven) is { } header) sb.Append(header).Append('\n');
        foreach (var field in layout.Fields)
            sb.Append(Prefix(field)).Append(TypeText(field.Type, layout.PointerSize)).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// <c>dt Type Address</c>: one line per field with its value. As the engine does, unreadable fields
    /// print <c>??</c> (integers) or <c>???? </c> (pointers), followed by one
    /// <c>Memory read error ADDRESS</c> line naming the last field it could not read (a run of embedded members
    /// counts as one read at its first).
    /// </summary>
    public static string RenderValues(ObjectSnapshot snapshot, bool moduleGiven = false)
    {
        var sb = new StringBuilder();
        int ptr = snapshot.Layout.PointerSize;
        if (Header(snapshot.Layout, moduleGiven) is { } header) sb.Append(header).Append('\n');
        ulong? lastUnreadable = null;
        var fields = snapshot.Layout.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var raw = snapshot.Raw(field);
            if (field.Type.Kind != FieldKind.Embedded)
            {
                if (raw is null) lastUnreadable = snapshot.FieldAddress(field);
            }
            else if (i == 0 || fields[i - 1].Type.Kind != FieldKind.Embedded)
            {
                // Adjacent embedded interface faces are read as one: any of them missing names the first (debugger-engine.md §10).
                if (fields.Skip(i).TakeWhile(f => f.Type.Kind == FieldKind.Embedded).Any(f => !snapshot.IsReadable(f)))
                    lastUnreadable = snapshot.FieldAddress(field);
            }
            sb.Append(Prefix(field)).Append(ValueText(field, raw, ptr)).Append('\n');
        }
        if (lastUnreadable is { } at) sb.Append(TypeDump.DtTextRenderer.ClosingLine(at, ptr));
        return sb.ToString();
    }

    private static string Prefix(FieldLayout field)
    {
        string name = TypeDump.DtTextRenderer.ColumnName(field.Type.Kind == FieldKind.VfTable ? VfTableName : field.Name);
        return $"   +0x{field.Offset:x3} {name} : ";
    }

    /// <summary>The engine's type column: <c>Int4B</c>, <c>Ptr64 IUnknown</c>, <c>Ptr64 </c> for the vfptr.</summary>
    public static string TypeText(FieldType type, int pointerSize)
    {
        string ptr = pointerSize == 8 ? "Ptr64" : "Ptr32";
        return type.Kind switch
        {
            FieldKind.VfTable => ptr + " ",
            FieldKind.Pointer => $"{ptr} {type.Pointee ?? "Void"}",
            FieldKind.SignedInteger => $"Int{type.Size}B",
            FieldKind.UnsignedInteger => $"Uint{type.Size}B",
            FieldKind.Bool => "Bool",
            FieldKind.Embedded => type.Pointee ?? "",
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    /// <summary>The engine's value column for one field; <c>??</c> / <c>???? </c> when the bytes are not in the target.</summary>
    public static string ValueText(FieldLayout field, ulong? raw, int pointerSize)
    {
        var type = field.Type;
        if (type.Kind == FieldKind.Embedded) return type.Pointee ?? "";
        if (raw is not { } v) return type.Kind is FieldKind.VfTable or FieldKind.Pointer ? "???? " : "??";
        return type.Kind switch
        {
            FieldKind.VfTable => (v == 0 ? "(null)" : Hex.Pointer(v, pointerSize)) + " ",
            FieldKind.Pointer => v == 0 ? "(null) " : $"{Hex.Pointer(v, pointerSize)} {type.Pointee ?? "Void"}",
            FieldKind.SignedInteger => Hex.Signed(TypeDump.EngineValueText.SignExtend(v, type.Size)),
            FieldKind.UnsignedInteger => Hex.Unsigned(v),
            FieldKind.Bool => TypeDump.EngineValueText.Bool(v),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }
}
