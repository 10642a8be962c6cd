using System.Text;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// <c>dt</c> rows as the engine prints them (docs/debugger-engine.md §10): three spaces per level, <c>+0x</c> and the
/// offset in at least three hex digits (a static: <c>=</c> and its address), the name padded to 16 (<c>__VFN_table</c>
/// never), <c> : </c> and the text; enum constants <c>Name = 0n5</c>; array elements <c>[00] text</c> one space in;
/// then <c>Memory read error ADDRESS</c> when a member could not be read. Lines end with <c>\n</c>.
/// </summary>
public static class DtTextRenderer
{
    private const int NameWidth = 16;

    public static string Render(DtResult result, string? header = null)
    {
        var sb = new StringBuilder();
        if (header is not null) sb.Append(header).Append('\n');
        foreach (var row in result.Rows)
        {
            sb.Append(Line(row, result.PointerSize));
            if (row.Kind != DtRowKind.Prefix) sb.Append('\n');
        }
        if (result.LastUnreadable is { } at) sb.Append(ClosingLine(at, result.PointerSize));
        return sb.ToString();
    }

    public static string Line(DtRow row, int pointerSize)
    {
        string indent = new(' ', 3 * (row.Level + 1));
        return row.Kind switch
        {
            DtRowKind.Field => $"{indent}+0x{Offset(row.Offset, pointerSize)} {ColumnName(row.Name)} : {row.Text}",
            DtRowKind.StaticField => $"{indent}={StaticAddress(row.Address ?? 0, pointerSize)} {ColumnName(row.Name)} : {row.Text}",
            DtRowKind.Enumerator => $"{indent}{row.Name} = {row.Text}",
            DtRowKind.Element => $"{indent} {row.Name} {row.Text}",
            DtRowKind.BaseClass => $"{indent}+0x{Offset(row.Offset, pointerSize)} {row.Name} {row.Text}",
            // The signature follows after the line's indentation plus two spaces (observed).
            DtRowKind.Method => $"{indent}<function> {row.Name}{indent}  {row.Text}",
            DtRowKind.NestedType => $"{indent}{row.Name} {row.Text}",
            _ => row.Text,
        };
    }

    /// <summary>At least three hex digits; a negative offset (a garbage vbtable) as the target's unsigned word.</summary>
    private static string Offset(long offset, int pointerSize) =>
        pointerSize == 4 ? ((uint)offset).ToString("x3") : ((ulong)offset).ToString("x3");

    /// <summary>The name column: padded to 16, but <c>__VFN_table</c> never (docs/debugger-engine.md §10).</summary>
    public static string ColumnName(string name) => name == "__VFN_table" ? name : name.PadRight(NameWidth);

    /// <summary><c>Memory read error ADDRESS</c>: the address in hex digits of the pointer's width, no <c>0x</c>.</summary>
    public static string ClosingLine(ulong at, int pointerSize) =>
        "Memory read error " + (pointerSize == 8 ? at.ToString("x16") : ((uint)at).ToString("x8")) + "\n";

    /// <summary>A static's address as <c>dt</c> prints it: <c>00000001`40012000</c>, <c>0040e000</c> on 32-bit targets.</summary>
    private static string StaticAddress(ulong address, int pointerSize) =>
        pointerSize == 8 ? $"{address >> 32:x8}`{address & 0xFFFF_FFFF:x8}" : $"{(uint)address:x8}";
}
