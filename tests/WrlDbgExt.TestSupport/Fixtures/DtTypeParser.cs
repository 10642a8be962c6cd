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

    public static TypeLayout Parse(string typeName, TargetArchitecture family, uint size, string dtText, string source)
    {
        int ptr = family.PointerSize();
        var fields = new List<FieldLayout>();
        foreach (var line in dtText.Replace("\r\n", "\n").Split('\n'))
        {
            var match = FieldLine().Match(line);
            if (!match.Success) continue;
            uint offset = uint.Parse(match.Groups["offset"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string name = match.Groups["name"].Value;
            string type = match.Groups["type"].Value;
            fields.Add(new FieldLayout(name, offset, ParseType(name, type, ptr)));
        }
        if (fields.Count == 0) throw new InvalidDataException($"no field lines in the engine's dt of {typeName}:\n{dtText}");
        return new TypeLayout(typeName, family, size, fields, source);
    }

    private static FieldType ParseType(string name, string type, int ptr)
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
        throw new InvalidDataException($"field {name}: engine type '{type}' is not one the fixture writer lays out");
    }
}
