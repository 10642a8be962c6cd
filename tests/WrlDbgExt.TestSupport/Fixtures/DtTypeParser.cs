using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>
/// Reads a layout back from the engine's <c>dt TYPE</c> text (the type form), so test fixtures can be
/// laid out exactly as the engine reads a PDB. Handles the field kinds our catalog uses.
/// </summary>
public static partial class DtTypeParser
{
    [GeneratedRegex(@"^   \+0x(?<offset>[0-9a-f]+) (?<name>\S+)\s* : (?<type>.*)$")]
    private static partial Regex FieldLine();

    /// <summary>
    /// An embedded class member (<c>m_source : winrt::impl::weak_source&lt;1,1&gt;</c>) has no size in dt's type form: it
    /// is taken to reach the next field (or the end of the type).
    /// </summary>
    public static TypeLayout Parse(string typeName, TargetArchitecture family, uint size, string dtText, string source)
    {
        int ptr = family.PointerSize();
        var lines = new List<(uint Offset, string Name, string Type)>();
        foreach (var line in dtText.Replace("\r\n", "\n").Split('\n'))
        {
            var match = FieldLine().Match(line);
            if (!match.Success) continue;
            uint offset = uint.Parse(match.Groups["offset"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            lines.Add((offset, match.Groups["name"].Value, match.Groups["type"].Value));
        }
        if (lines.Count == 0) throw new InvalidDataException($"no field lines in the engine's dt of {typeName}:\n{dtText}");
        var fields = lines.Select(l =>
        {
            uint end = lines.Where(o => o.Offset > l.Offset).Select(o => o.Offset).DefaultIfEmpty(size).Min();
            return new FieldLayout(l.Name, l.Offset, ParseType(l.Name, l.Type, ptr, (int)(end - l.Offset)));
        }).ToList();
        return new TypeLayout(typeName, family, size, fields, source);
    }

    /// <summary>The size <c>?? sizeof(module!Type)</c> prints (<c>unsigned int64 0x20</c>, x86: <c>unsigned int 0x14</c>).</summary>
    public static uint ParseSizeof(string output)
    {
        var match = SizeofLine().Match(output.Trim());
        if (!match.Success) throw new InvalidDataException($"not a sizeof answer: '{output.Trim()}'");
        return uint.Parse(match.Groups["size"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^unsigned int(?:64)? 0x(?<size>[0-9a-f]+)$")]
    private static partial Regex SizeofLine();

    private static FieldType ParseType(string name, string type, int ptr, int room)
    {
        if (name == "__VFN_table") return FieldType.VfTable(ptr);
        if (type.StartsWith("Ptr64", StringComparison.Ordinal) || type.StartsWith("Ptr32", StringComparison.Ordinal))
        {
            var pointee = type[5..].Trim();
            return FieldType.PointerTo(pointee.Length == 0 || pointee == "Void" ? null : pointee, ptr);
        }
        var integer = Regex.Match(type, @"^(?<sign>U?)[Ii]nt(?<size>[1248])B$");
        if (integer.Success)
        {
            int size = int.Parse(integer.Groups["size"].Value, CultureInfo.InvariantCulture);
            return new FieldType(integer.Groups["sign"].Value == "U" ? FieldKind.UnsignedInteger : FieldKind.SignedInteger, size);
        }
        if (type == "Bool") return FieldType.Boolean;
        if (Regex.IsMatch(type, @"^[A-Za-z_][\w:<>,]*$")) return FieldType.Embedded(type, room);
        throw new InvalidDataException($"field {name}: engine type '{type}' is not one the fixture writer lays out");
    }
}
