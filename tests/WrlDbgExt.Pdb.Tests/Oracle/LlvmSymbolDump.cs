using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests.Oracle;

/// <summary>Parses the symbol parts of llvm-pdbutil: `-summary`, `-publics`, `-globals`, `-symbols`, `-section-headers`.</summary>
internal static partial class LlvmSymbolDump
{
    /// <summary>(kind, name, segment, offset, code size or null, module or -1) for each addressed record.</summary>
    public sealed record Entry(string Kind, string Name, ushort Segment, uint Offset, uint? CodeSize, int Module);

    public static (Guid Guid, uint Age) Summary(string pdb)
    {
        var text = ExternalTool.Run("llvm-pdbutil", "dump", "-summary", pdb);
        var guid = Guid.Parse(Regex.Match(text, @"GUID: (\{[0-9A-F-]+\})").Groups[1].Value);
        uint age = uint.Parse(Regex.Match(text, @"Age: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return (guid, age);
    }

    /// <summary>Records of `dump -publics`, `-globals` or `-symbols` that carry an address.</summary>
    public static List<Entry> Records(string pdb, string option)
    {
        var entries = new List<Entry>();
        string? kind = null, name = null;
        int module = -1;
        foreach (var raw in ExternalTool.Run("llvm-pdbutil", "dump", option, pdb).Split('\n'))
        {
            var line = raw.Trim();
            if (ModuleHeader().Match(line) is { Success: true } m) { module = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture); continue; }
            if (RecordHeader().Match(line) is { Success: true } r) { kind = r.Groups[1].Value; name = r.Groups[2].Value; continue; }
            if (kind is null || Address().Match(line) is not { Success: true } a) continue;
            uint? size = CodeSize().Match(line) is { Success: true } c ? uint.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            // llvm-pdbutil prints segment:offset in decimal, zero-padded to four digits.
            entries.Add(new Entry(kind, name!, ushort.Parse(a.Groups[1].Value, CultureInfo.InvariantCulture),
                uint.Parse(a.Groups[2].Value, CultureInfo.InvariantCulture), size, option == "-symbols" ? module : -1));
            kind = null;
        }
        return entries;
    }

    /// <summary>Virtual addresses of the sections, in order (section 1 first).</summary>
    public static List<uint> SectionAddresses(string pdb) =>
        SectionVa().Matches(ExternalTool.Run("llvm-pdbutil", "dump", "-section-headers", pdb))
            .Select(m => uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"^Mod (\d+) \|")]
    private static partial Regex ModuleHeader();

    [GeneratedRegex(@"^\d+ \| (S_\w+) \[size = \d+\] `(.*)`")]
    private static partial Regex RecordHeader();

    [GeneratedRegex(@"addr = (\d{4,}):(\d{4,})")]
    private static partial Regex Address();

    [GeneratedRegex(@"code size = (\d+)")]
    private static partial Regex CodeSize();

    [GeneratedRegex(@"^\s*([0-9A-F]+) virtual address", RegexOptions.Multiline)]
    private static partial Regex SectionVa();
}
