using System.Text;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>wrldbg scan</c> as text: one line per control block (address, flavour, verdict, counts, target), then what was
/// searched: candidates decoded, bytes searched and missing.
/// </summary>
public static class ScanTextRenderer
{
    public static string Render(BlockScanReport report, IReadOnlyList<ScanFinding> findings, int pointerSize)
    {
        var sb = new StringBuilder();
        int width = pointerSize == 8 ? 19 : 10;
        int stateWidth = Math.Max("state".Length, report.Hits.Select(h => ReasonText.Title(h.State).Length).DefaultIfEmpty(0).Max());
        sb.Append("address".PadRight(width)).Append("  ").Append("flavour".PadRight(10)).Append("  ").Append("state".PadRight(stateWidth)).Append("  ")
            .Append("strong".PadLeft(11)).Append("  ").Append("weak".PadLeft(11)).Append("  target\n");
        foreach (var hit in report.Hits)
        {
            sb.Append(Hex.Pointer(hit.Address, pointerSize).PadRight(width)).Append("  ")
                .Append(hit.Flavour.Id.PadRight(10)).Append("  ")
                .Append(ReasonText.Title(hit.State).PadRight(stateWidth)).Append("  ")
                .Append((hit.StrongCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?").PadLeft(11)).Append("  ")
                .Append((hit.WeakCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?").PadLeft(11)).Append("  ")
                .Append(hit.TargetAddress is { } t ? Hex.Pointer(t, pointerSize) : "-").Append('\n');
        }
        var m = report.Memory;
        sb.Append($"{report.Hits.Count} control block{(report.Hits.Count == 1 ? "" : "s")}; {report.Candidates} vfptr candidates decoded");
        sb.Append($"; {m.BytesSearched} of {m.BytesListed} listed bytes searched");
        if (m.BytesMissing > 0) sb.Append($", {m.BytesMissing} not in the dump");
        if (m.Cancelled) sb.Append("; interrupted");
        sb.Append('\n');
        sb.Append(findings.Count == 0 ? "no findings\n" : $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")}:\n");
        foreach (var f in findings)
            sb.Append("  ").Append(ScanFindingText.Level(f.Severity).PadRight(8)).Append(f.Rule.Id().PadRight(18)).Append(ScanFindingText.Message(f, pointerSize)).Append('\n');
        return sb.ToString();
    }
}
